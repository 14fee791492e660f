package dev.switchboard.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Same origin: the Origin's host and port are the Host the request was sent to. */
class OriginCheckTest {
  @ParameterizedTest(name = "{0} vs Host {1}: {2}")
  @CsvSource({
    "http://127.0.0.1:8080, 127.0.0.1:8080, true",
    "http://127.0.0.1:8081, 127.0.0.1:8080, false",
    "https://app.example, app.example, true",
    "https://app.example, app.example:443, true",
    "http://app.example, app.example:80, true",
    "https://app.example:8443, app.example:8443, true",
    "https://APP.example, app.EXAMPLE, true",
    "https://evil.example, app.example, false",
    "https://app.example.evil.example, app.example, false",
    "http://[::1]:8080, [::1]:8080, true",
    "null, app.example, false",
    "not a url, app.example, false",
  })
  void sameOrigin(String origin, String host, boolean same) {
    assertEquals(same, OriginCheck.sameOrigin(origin, host));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "application/json, true",
    "application/json; charset=utf-8, true",
    "Application/JSON, true",
    "' application/json ;charset=UTF-8', true",
    "text/plain, false",
    "application/x-www-form-urlencoded, false",
    "multipart/form-data; boundary=x, false",
    "application/jsonp, false",
    "application/graphql-response+json, false",
    "'', false",
  })
  void isJson(String contentType, boolean json) {
    assertEquals(json, JsonContentTypeCheck.isJson(contentType));
  }
}
