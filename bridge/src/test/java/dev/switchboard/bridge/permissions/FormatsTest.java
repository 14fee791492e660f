package dev.switchboard.bridge.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.support.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {
  static final NatsPermissions RESPONDER =
      NatsPermissions.builder()
          .publish("orders.get.*")
          .publish("$JS.FC.ORDERS.>")
          .publish("orders.get.*")
          .subscribe("_INBOX_switchboard.>")
          .subscribe("switchboard.identity.jwks")
          .allowResponses()
          .build();

  static final NatsPermissions LISTENER =
      NatsPermissions.builder().subscribe("_INBOX_x.>").subscribe("ticks").build();

  @Test
  void conf_quotesSortsAndDeduplicates_withTheHeaderAndAllowResponses() {
    String conf = ConfFormat.render(RESPONDER, List.of("config: a.yaml, connection: default"));

    assertEquals(
        """
        # config: a.yaml, connection: default
        permissions {
          publish {
            allow: [
              "$JS.FC.ORDERS.>",
              "orders.get.*"
            ]
          }
          subscribe {
            allow: [
              "_INBOX_switchboard.>",
              "switchboard.identity.jwks"
            ]
          }
          allow_responses: true
        }
        """,
        conf);
  }

  @Test
  void conf_nothingToPublish_deniesEverySubjectOutright() {
    String conf = ConfFormat.render(LISTENER, List.of());

    assertEquals(
        """
        permissions {
          publish {
            deny: [">"]
          }
          subscribe {
            allow: [
              "_INBOX_x.>",
              "ticks"
            ]
          }
        }
        """,
        conf);
  }

  @Test
  void conf_quoted_escapesQuotesAndBackslashes() {
    assertEquals("\"a\\\\b\\\"c\"", ConfFormat.quoted("a\\b\"c"));
  }

  @Test
  void json_hasTheUserJwtShape_pubSubResp() throws Exception {
    JsonNode json = Json.MAPPER.readTree(JsonFormat.render(RESPONDER));

    assertEquals(
        Json.MAPPER.readTree(
            """
            {"pub": {"allow": ["$JS.FC.ORDERS.>", "orders.get.*"]},
             "sub": {"allow": ["_INBOX_switchboard.>", "switchboard.identity.jwks"]},
             "resp": {"max": 1, "ttl": 0}}
            """),
        json);
  }

  @Test
  void json_withoutAResponder_hasNoResp_andNothingToPublishIsADeny() throws Exception {
    JsonNode json = Json.MAPPER.readTree(JsonFormat.render(LISTENER));

    assertEquals(
        Json.MAPPER.readTree(
            """
            {"pub": {"deny": [">"]}, "sub": {"allow": ["_INBOX_x.>", "ticks"]}}
            """),
        json);
  }
}
