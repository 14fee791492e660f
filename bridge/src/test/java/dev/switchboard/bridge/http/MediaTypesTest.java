package dev.switchboard.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.ParsedHeaderValues;
import io.vertx.ext.web.impl.HeaderParser;
import io.vertx.ext.web.impl.ParsableHeaderValuesContainer;
import io.vertx.ext.web.impl.ParsableMIMEValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaTypesTest {

  /** Parses an Accept header the way Vert.x Web's router does (sorted by preference). */
  static ParsedHeaderValues accept(String header) {
    List<MIMEHeader> accept =
        header == null
            ? List.of()
            : HeaderParser.sort(
                HeaderParser.convertToParsedHeaderValues(header, ParsableMIMEValue::new));
    return new ParsableHeaderValuesContainer(accept, List.of(), List.of(), List.of(), null);
  }

  @Test
  void negotiate_noAcceptHeader_givesJson() {
    assertEquals(MediaTypes.JSON, MediaTypes.negotiate(accept(null)));
  }

  @Test
  void negotiate_anything_givesJson() {
    assertEquals(MediaTypes.JSON, MediaTypes.negotiate(accept("*/*")));
    assertEquals(MediaTypes.JSON, MediaTypes.negotiate(accept("application/*")));
  }

  @Test
  void negotiate_graphqlResponseJsonNamed_givesIt() {
    assertEquals(
        MediaTypes.GRAPHQL_RESPONSE,
        MediaTypes.negotiate(accept("application/graphql-response+json")));
    assertEquals(
        MediaTypes.GRAPHQL_RESPONSE,
        MediaTypes.negotiate(accept("application/graphql-response+json, */*;q=0.1")));
  }

  @Test
  void negotiate_onlyJson_givesJson() {
    assertEquals(MediaTypes.JSON, MediaTypes.negotiate(accept("application/json")));
    assertEquals(MediaTypes.JSON, MediaTypes.negotiate(accept("application/json; charset=utf-8")));
  }

  @Test
  void negotiate_both_followsTheClientsPreference() {
    assertEquals(
        MediaTypes.GRAPHQL_RESPONSE,
        MediaTypes.negotiate(accept("application/graphql-response+json, application/json;q=0.9")));
    assertEquals(
        MediaTypes.JSON,
        MediaTypes.negotiate(accept("application/graphql-response+json;q=0.5, application/json")));
  }

  @Test
  void negotiate_browserStyleHeader_givesJson() {
    assertEquals(
        MediaTypes.JSON,
        MediaTypes.negotiate(
            accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")));
  }

  @Test
  void negotiate_neitherAccepted_givesNull() {
    assertNull(MediaTypes.negotiate(accept("text/html")));
    assertNull(MediaTypes.negotiate(accept("application/json;q=0")));
  }

  @Test
  void contentType_namesUtf8_forEveryMediaType() {
    assertEquals(
        "application/json; charset=utf-8", MediaTypes.contentType(MediaTypes.JSON).toString());
    assertEquals(
        "application/graphql-response+json; charset=utf-8",
        MediaTypes.contentType(MediaTypes.GRAPHQL_RESPONSE).toString());
    assertEquals(
        "text/event-stream; charset=utf-8",
        MediaTypes.contentType(MediaTypes.EVENT_STREAM).toString());
  }
}
