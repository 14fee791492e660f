package dev.switchboard.bridge.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.auth.TestCallers;
import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallContext.Action;
import dev.switchboard.bridge.chain.CallContext.CallPolicy;
import dev.switchboard.bridge.chain.Interceptor;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.config.AuthorizationConfig;
import dev.switchboard.bridge.config.AuthorizationConfig.Role;
import dev.switchboard.bridge.config.AuthorizationConfig.Rules;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.TraceParent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How a caller's permissions are rendered from the roles, and how the interceptor applies them. */
class PermissionCompilerTest {
  static final AuthorizationConfig CONFIG =
      new AuthorizationConfig(
          Map.of(
              "customer",
              new Role(
                  List.of("orders.{{ claims.tenant }}.>"),
                  null,
                  null,
                  new Rules(List.of("orders.{{ claims.tenant }}.admin.>"), null, null))),
          new Rules(List.of("$SYS.>"), null, null));

  @Test
  void compile_withTheClaim_rendersItIntoAllowAndDeny() {
    Permissions permissions =
        new PermissionCompiler(CONFIG)
            .compile(
                TestCallers.withClaims("alice", List.of("customer"), Map.of("tenant", "acme")));

    assertEquals(
        "allow {REQUEST=[orders.acme.>], PUBLISH=[], SUBSCRIBE=[]},"
            + " deny {REQUEST=[$SYS.>, orders.acme.admin.>], PUBLISH=[], SUBSCRIBE=[]}",
        permissions.toString());
  }

  @Test
  void compile_withoutTheClaim_dropsTheAllowAndWidensTheDeny() {
    Permissions permissions =
        new PermissionCompiler(CONFIG)
            .compile(TestCallers.withClaims("alice", List.of("customer"), Map.of()));

    assertEquals(
        "allow {REQUEST=[], PUBLISH=[], SUBSCRIBE=[]},"
            + " deny {REQUEST=[$SYS.>, orders.*.admin.>], PUBLISH=[], SUBSCRIBE=[]}",
        permissions.toString());
  }

  @Test
  void compile_aClaimThatWouldAddATokenToTheDeny_widensInsteadOfNarrowing() {
    // "acme.x" would render orders.acme.x.admin.> and miss orders.acme.admin.*; widening keeps it
    // denied
    Permissions permissions =
        new PermissionCompiler(CONFIG)
            .compile(
                TestCallers.withClaims("alice", List.of("customer"), Map.of("tenant", "acme.x")));

    assertTrue(permissions.toString().contains("orders.*.admin.>"), permissions.toString());
    assertFalse(permissions.toString().contains("acme"), permissions.toString());
  }

  @Test
  void intercept_subjectOutsidePermissions_failsForbiddenAndSendsNothing() {
    StubChain chain = new StubChain(callBy(customer("acme"), Action.REQUEST), "orders.globex.get");

    CompletionStage<NatsReply> result =
        new AuthorizationInterceptor(Authorizer.of(CONFIG)).intercept(chain);

    BridgeException refused = assertInstanceOf(BridgeException.class, failure(result));
    assertEquals(ErrorCode.FORBIDDEN, refused.code());
    assertFalse(
        refused.getMessage().contains("orders"),
        "the public message names no subject: " + refused.getMessage());
    assertEquals(0, chain.proceeded.get());
  }

  @Test
  void intercept_subjectWithinPermissions_proceedsOnce() {
    StubChain chain = new StubChain(callBy(customer("acme"), Action.REQUEST), "orders.acme.get");

    new AuthorizationInterceptor(Authorizer.of(CONFIG)).intercept(chain);

    assertEquals(1, chain.proceeded.get());
  }

  @Test
  void intercept_sameSubjectWithAnotherAction_isForbidden() {
    StubChain chain = new StubChain(callBy(customer("acme"), Action.PUBLISH), "orders.acme.get");

    assertInstanceOf(
        BridgeException.class,
        failure(new AuthorizationInterceptor(Authorizer.of(CONFIG)).intercept(chain)));
    assertEquals(0, chain.proceeded.get());
  }

  @Test
  void permissionsOf_isCompiledOncePerCaller() {
    Authorizer authorizer = Authorizer.of(CONFIG);
    Caller alice = customer("acme");

    Permissions first = authorizer.permissionsOf(alice);

    assertSame(first, authorizer.permissionsOf(alice));
    assertFalse(
        first == authorizer.permissionsOf(customer("acme")), "another token, another compilation");
  }

  @Test
  void replace_newRules_applyToCallersWhosePermissionsWereCompiledBefore() {
    Authorizer authorizer = Authorizer.of(CONFIG);
    Caller alice = customer("acme");
    assertTrue(authorizer.allows(alice, Action.REQUEST, "orders.acme.get"));

    authorizer.replace(
        new AuthorizationConfig(
            Map.of(
                "customer", new Role(List.of("invoices.{{ claims.tenant }}.>"), null, null, null)),
            null));

    assertFalse(authorizer.allows(alice, Action.REQUEST, "orders.acme.get"));
    assertTrue(authorizer.allows(alice, Action.REQUEST, "invoices.acme.get"));
  }

  @Test
  void replace_withoutRoles_turnsAuthorizationOff() {
    Authorizer authorizer = Authorizer.of(CONFIG);

    authorizer.replace(new AuthorizationConfig(null, null));

    assertFalse(authorizer.enabled());
    assertTrue(authorizer.allows(customer("acme"), Action.REQUEST, "anything.at.all"));
  }

  private static Caller customer(String tenant) {
    return TestCallers.withClaims("alice", List.of("customer"), Map.of("tenant", tenant));
  }

  private static CallContext callBy(Caller caller, Action action) {
    return new CallContext(
        "corr-1",
        null,
        "orders",
        "Query.orders",
        TraceParent.newTrace(),
        null,
        caller,
        action,
        false,
        new CallPolicy(Duration.ofSeconds(1), 0),
        true,
        "default",
        CallContext.OnFailure.REPORT);
  }

  private static Throwable failure(CompletionStage<NatsReply> stage) {
    CompletableFuture<NatsReply> future = stage.toCompletableFuture();
    assertTrue(future.isCompletedExceptionally(), "the call should have been refused at once");
    try {
      future.get();
      throw new AssertionError("unreachable");
    } catch (ExecutionException failed) {
      return failed.getCause();
    } catch (InterruptedException interrupted) {
      throw new AssertionError(interrupted);
    }
  }

  /** A chain position that only counts how often the call was handed on. */
  private static final class StubChain implements Interceptor.Chain {
    final AtomicInteger proceeded = new AtomicInteger();
    private final CallContext call;
    private final NatsRequest request;

    StubChain(CallContext call, String subject) {
      this.call = call;
      this.request = new NatsRequest(subject, new byte[0]);
    }

    @Override
    public NatsRequest request() {
      return request;
    }

    @Override
    public CompletionStage<NatsReply> proceed(NatsRequest next) {
      proceeded.incrementAndGet();
      return new CompletableFuture<>();
    }

    @Override
    public Duration remaining() {
      return Duration.ofSeconds(1);
    }

    @Override
    public CallContext call() {
      return call;
    }

    @Override
    public int attempt() {
      return 0;
    }

    @Override
    public void onCancel(Runnable action) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void cancel() {}

    @Override
    public Optional<Interceptor.Sent> lastSent() {
      return Optional.empty();
    }
  }
}
