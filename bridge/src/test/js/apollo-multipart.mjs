// Apollo Client (the npm package apps use) subscribing over Apollo's multipart HTTP protocol: in
// Apollo Client 4 the HttpLink itself sends a subscription as a POST with
// Accept: multipart/mixed;boundary=graphql;subscriptionSpec=1.0 and reads the parts. Run by the
// bridge's tests as a process:
//
//   node apollo-multipart.mjs '{"url":"http://127.0.0.1:8080/graphql","query":"subscription { ... }",
//                               "variables":{},"headers":{"authorization":"Bearer ..."},"count":100,"timeoutMs":15000}'
//
// It prints one JSON line per event, in order:
//   {"event":"next","payload":{"data":...},"at":ms}   one per result; "at" is when it arrived (epoch ms)
//   {"event":"error","errors":[...],"message":"..."}  the subscription failed (GraphQL or transport errors)
//   {"event":"complete"}                              the server ended the stream normally
//   {"event":"timeout"}                               timeoutMs passed first (exit code 2)
// It stops after `count` next events (unsubscribing, which aborts the request), at complete or error.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';

const spec = JSON.parse(process.argv[2] ?? '{}');
if (!spec.url || !spec.query) {
  console.error('usage: node apollo-multipart.mjs \'{"url": "http://...", "query": "subscription {...}", ...}\'');
  process.exit(64);
}
const count = spec.count ?? Infinity;
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');

const client = new ApolloClient({
  link: new HttpLink({ uri: spec.url, headers: spec.headers ?? {} }),
  cache: new InMemoryCache(),
});

let received = 0;
let finished = false;
const timer = setTimeout(() => {
  print({ event: 'timeout' });
  finish(2);
}, spec.timeoutMs ?? 30_000);

const subscription = client
  .subscribe({ query: gql(spec.query), variables: spec.variables ?? {}, fetchPolicy: 'no-cache' })
  .subscribe({
    next: (result) => {
      if (result.error) {
        print({ event: 'error', message: result.error.message, errors: errorsOf(result.error) });
        finish(0);
        return;
      }
      received++;
      print({ event: 'next', payload: { data: result.data, extensions: result.extensions ?? null }, at: Date.now() });
      if (received >= count) {
        finish(0);
      }
    },
    error: (error) => {
      print({ event: 'error', message: String(error?.message ?? error), errors: errorsOf(error) });
      finish(0);
    },
    complete: () => {
      print({ event: 'complete' });
      finish(0);
    },
  });

/** The GraphQL errors an Apollo error carries (CombinedGraphQLErrors / CombinedProtocolErrors). */
function errorsOf(error) {
  return (error?.errors ?? []).map((e) => ({ message: e.message, extensions: e.extensions ?? null }));
}

function finish(code) {
  if (finished) {
    return;
  }
  finished = true;
  clearTimeout(timer);
  subscription?.unsubscribe();
  client.stop();
  // let the aborted request close its socket before exiting
  setTimeout(() => process.exit(code), 100);
}
