package dev.switchboard.bridge.http;

import static dev.switchboard.bridge.http.MediaTypesTest.accept;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.http.Accepted.Transport;
import graphql.language.OperationDefinition.Operation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcceptedTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "multipart/mixed;subscriptionSpec=1.0",
        "multipart/mixed;subscriptionSpec=\"1.0\"",
        "multipart/mixed; subscriptionSpec=1.0, application/json",
        "multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/json",
        "application/json;q=0.9, multipart/mixed;subscriptionSpec=\"1.0\""
      })
  void multipartSubscriptionSpec_isAccepted_forSubscriptionsOnly(String header) throws Exception {
    Accepted accepted = Accepted.of(accept(header));

    assertTrue(accepted.multipart(), header);
    assertEquals(Transport.MULTIPART, accepted.transportFor(Operation.SUBSCRIPTION));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "multipart/mixed",
        "multipart/mixed;deferSpec=20220824",
        "multipart/mixed;subscriptionSpec=2.0",
        "multipart/mixed;subscriptionSpec=1.0;q=0"
      })
  void multipartWithoutTheSubscriptionSpec_isNotAccepted(String header) {
    Accepted accepted = Accepted.of(accept(header));

    assertFalse(accepted.multipart(), header);
    assertTrue(accepted.nothing(), "answered 406 before anything runs: " + header);
  }

  @ParameterizedTest
  @ValueSource(strings = {"multipart/mixed;subscriptionSpec=1.0"})
  void queryOrMutation_fromAMultipartOnlyClient_is406(String header) {
    Accepted accepted = Accepted.of(accept(header));

    for (Operation operation : new Operation[] {Operation.QUERY, Operation.MUTATION}) {
      BadRequestException refused =
          assertThrows(BadRequestException.class, () -> accepted.transportFor(operation));
      assertEquals(406, refused.status());
    }
    assertEquals(MediaTypes.GRAPHQL_RESPONSE, accepted.errorMediaType());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "multipart/mixed;subscriptionSpec=1.0, application/json",
        "multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/graphql-response+json"
      })
  void queryFromAClientAlsoAcceptingJson_isOneJsonDocument(String header) throws Exception {
    assertEquals(Transport.JSON, Accepted.of(accept(header)).transportFor(Operation.QUERY));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"text/event-stream", "text/event-stream, multipart/mixed;subscriptionSpec=1.0"})
  void eventStream_servesEveryKind_asSse(String header) throws Exception {
    Accepted accepted = Accepted.of(accept(header));

    assertEquals(Transport.SSE, accepted.transportFor(Operation.SUBSCRIPTION));
    assertEquals(Transport.SSE, accepted.transportFor(Operation.QUERY));
    assertEquals(MediaTypes.GRAPHQL_RESPONSE, accepted.errorMediaType());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/event-stream;q=0.5, multipart/mixed;subscriptionSpec=1.0",
        "multipart/mixed;subscriptionSpec=1.0;q=0.9, text/event-stream;q=0.8"
      })
  void multipartPreferredOverSse_servesSubscriptionsAsMultipart_andQueriesAsSse(String header)
      throws Exception {
    Accepted accepted = Accepted.of(accept(header));

    assertEquals(Transport.MULTIPART, accepted.transportFor(Operation.SUBSCRIPTION), header);
    assertEquals(Transport.SSE, accepted.transportFor(Operation.QUERY), header);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "multipart/mixed;subscriptionSpec=1.0;q=0.5, text/event-stream",
        "multipart/mixed;subscriptionSpec=1.0, text/event-stream"
      })
  void ssePreferredOrTied_servesSubscriptionsAsSse(String header) throws Exception {
    assertEquals(
        Transport.SSE, Accepted.of(accept(header)).transportFor(Operation.SUBSCRIPTION), header);
  }
}
