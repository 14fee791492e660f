// A real graphql-ws client (the npm package browsers and Node apps use), run by the bridge's
// subscription tests as a process:
//
//   node subscribe.mjs '{"url":"ws://127.0.0.1:8080/graphql","query":"subscription { ... }",
//                        "variables":{},"connectionParams":{"token":"..."},"count":100,"timeoutMs":15000}'
//
// It prints one JSON line per event, in order:
//   {"event":"subscribed"}                       connection_ack arrived (the subscribe message follows it)
//   {"event":"next","payload":{...},"at":ms}     one per result; "at" is when it arrived (epoch ms)
//   {"event":"error","errors":[...]}             the server's error message for the subscription
//   {"event":"complete"}                         the subscription ended normally
//   {"event":"closed","code":4403,"reason":"...","at":ms} the socket closed (also after our own close: 1000)
//   {"event":"timeout"}                          timeoutMs passed first (exit code 2)
// It stops after `count` next events (unsubscribing), at complete or error, or when the socket closes.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const spec = JSON.parse(process.argv[2] ?? '{}');
if (!spec.url || !spec.query) {
  console.error('usage: node subscribe.mjs \'{"url": "ws://...", "query": "subscription {...}", ...}\'');
  process.exit(64);
}
const count = spec.count ?? Infinity;
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');

let received = 0;
let finished = false;
let unsubscribe = () => {};

const client = createClient({
  url: spec.url,
  webSocketImpl: WebSocket,
  connectionParams: spec.connectionParams ?? {},
  lazy: true,
  lazyCloseTimeout: 0,
  retryAttempts: 0,
  keepAlive: 0,
  on: {
    connected: () => print({ event: 'subscribed' }),
    closed: (event) => {
      print({ event: 'closed', code: event?.code ?? null, reason: event?.reason ?? '', at: Date.now() });
      finish(0);
    },
  },
});

const timer = setTimeout(() => {
  print({ event: 'timeout' });
  finish(2);
}, spec.timeoutMs ?? 30_000);

unsubscribe = client.subscribe(
  { query: spec.query, variables: spec.variables ?? {} },
  {
    next: (payload) => {
      received++;
      print({ event: 'next', payload, at: Date.now() });
      if (received >= count) {
        unsubscribe();
        finishSoon();
      }
    },
    error: (error) => {
      // A socket close also lands here as a CloseEvent; on.closed has printed it already.
      if (Array.isArray(error)) {
        print({ event: 'error', errors: error });
      } else if (!(error && typeof error.code === 'number')) {
        print({ event: 'error', errors: [{ message: String(error?.message ?? error) }] });
      }
      finishSoon();
    },
    complete: () => {
      if (received < count || count === Infinity) {
        print({ event: 'complete' });
      }
      finishSoon();
    },
  },
);

/** Gives the lazy client a moment to close the socket (so "closed" is printed), then exits. */
function finishSoon() {
  setTimeout(() => finish(0), 200);
}

function finish(code) {
  if (finished) {
    return;
  }
  finished = true;
  clearTimeout(timer);
  Promise.resolve(client.dispose()).finally(() => process.exit(code));
}
