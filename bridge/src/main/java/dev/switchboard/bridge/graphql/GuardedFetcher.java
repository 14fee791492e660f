package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.errors.BridgeException;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import java.util.concurrent.CompletableFuture;

/**
 * Checks a field's guard before its real fetcher runs: a refused caller gets an error and nothing
 * is sent.
 */
public final class GuardedFetcher implements DataFetcher<Object> {
  private final FieldGuard guard;
  private final DataFetcher<?> fetcher;

  public GuardedFetcher(FieldGuard guard, DataFetcher<?> fetcher) {
    this.guard = guard;
    this.fetcher = fetcher;
  }

  @Override
  public Object get(DataFetchingEnvironment environment) throws Exception {
    RequestContext request = environment.getGraphQlContext().get(RequestContext.KEY);
    BridgeException refused = guard.check(request.caller());
    if (refused != null) {
      return CompletableFuture.failedFuture(refused);
    }
    return fetcher.get(environment);
  }
}
