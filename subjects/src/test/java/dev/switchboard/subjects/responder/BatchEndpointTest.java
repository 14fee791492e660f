package dev.switchboard.subjects.responder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchEndpointTest {

  private static Request batch(String body) {
    return Request.of("customers.batch", body.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(Reply reply) {
    return new String(reply.body(), StandardCharsets.UTF_8);
  }

  @Test
  void handle_callsTheHandlerOnceWithAllKeys_andRepliesOneItemPerKeyInOrder() throws Exception {
    List<List<String>> calls = new ArrayList<>();
    BatchEndpoint endpoint =
        new BatchEndpoint(
            (keys, request) -> {
              calls.add(keys);
              return keys.stream()
                  .map(key -> key.equals("c2") ? null : customer(key, "name of " + key))
                  .toList();
            });

    Reply reply = endpoint.handle(batch("{\"keys\":[\"c1\",\"c2\",\"c3\"]}"));

    assertEquals(List.of(List.of("c1", "c2", "c3")), calls);
    assertEquals(
        "[{\"id\":\"c1\",\"name\":\"name of c1\"},null,{\"id\":\"c3\",\"name\":\"name of c3\"}]",
        text(reply));
  }

  @Test
  void handle_itemErrors_becomeErrorItemsAndTheOthersStay() throws Exception {
    BatchEndpoint endpoint =
        new BatchEndpoint(
            (keys, request) ->
                Arrays.asList(
                    new BatchItemError(404, "no customer \"x\""),
                    new ServiceException(403, "not yours"),
                    7));

    Reply reply = endpoint.handle(batch("{\"keys\":[\"x\",\"y\",\"z\"]}"));

    assertEquals(
        "[{\"__error\":{\"code\":404,\"message\":\"no customer \\\"x\\\"\"}},"
            + "{\"__error\":{\"code\":403,\"message\":\"not yours\"}},7]",
        text(reply));
  }

  @Test
  void handle_bodyThatIsNotABatch_isError400WithoutCallingTheHandler() throws Exception {
    BatchEndpoint endpoint =
        new BatchEndpoint(
            (keys, request) -> {
              throw new AssertionError("handler called");
            });

    for (String body : List.of("", "[]", "{\"keys\":\"c1\"}", "{\"keys\":[{\"a\":1}]}", "{")) {
      Reply reply = endpoint.handle(batch(body));
      assertTrue(reply.isError(), body);
      assertEquals(400, reply.errorCode(), body);
    }
  }

  @Test
  void keys_numbersKeepTheirJsonSpelling() {
    assertEquals(List.of("1", "c2", "30"), BatchEndpoint.keys(bytes("{\"keys\":[1,\"c2\",30]}")));
    assertNull(BatchEndpoint.keys(bytes("{\"ids\":[1]}")));
  }

  @Test
  void handle_handlerAnsweringTheWrongNumberOfItems_failsLoudlyHere() {
    BatchEndpoint endpoint = new BatchEndpoint((keys, request) -> List.of("only one"));

    assertThrows(
        IllegalStateException.class, () -> endpoint.handle(batch("{\"keys\":[\"a\",\"b\"]}")));
  }

  @Test
  void handle_escapesControlCharactersAndNestsListsAndMaps() throws Exception {
    BatchEndpoint endpoint =
        new BatchEndpoint(
            (keys, request) -> List.of(Map.of("lines", List.of("a\nb", "tab\there", true))));

    Reply reply = endpoint.handle(batch("{\"keys\":[\"k\"]}"));

    assertEquals("[{\"lines\":[\"a\\nb\",\"tab\\there\",true]}]", text(reply));
  }

  private static Map<String, Object> customer(String id, String name) {
    Map<String, Object> customer = new LinkedHashMap<>();
    customer.put("id", id);
    customer.put("name", name);
    return customer;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
