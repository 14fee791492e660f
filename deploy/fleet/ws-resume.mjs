// WebSocket subscribers that survive the loss of their bridge (deploy/fleet-test.sh):
//
//   node deploy/fleet/ws-resume.mjs '{"url":"ws://127.0.0.1:17400/graphql","run":"r1",
//                                     "subscribers":20,"expect":150,"timeoutMs":60000}'
//
// Each subscriber is one stock graphql-ws client (retryAttempts, retryWait, shouldRetry: its own
// reconnect loop) on the stream subscription `feed(run, fromSequence)`. The resume recipe: every
// event's result carries its stream sequence (`extensions.stream.sequence`); the subscribe payload
// is one object that graphql-ws sends again, as it is, after every reconnect, so the client keeps
// its `fromSequence` variable one past the last sequence it received. The new bridge then replays
// from exactly there: no gap, no duplicate.
//
// The feed's events are {"n":1}, {"n":2}, ... on a subject of their own in a fresh stream, so event
// k is at stream sequence k and each subscriber must see n = 1, 2, ..., expect, in order, once: the
// check, independent of the sequences the recipe resumes by.
// Prints one JSON line of figures; exit 0 when every subscriber got them all exactly so.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../bridge/src/test/js/package.json', import.meta.url));
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');

const spec = JSON.parse(process.argv[2] ?? '{}');
const query = 'subscription Feed($run: String!, $fromSequence: Int) { feed(run: $run, fromSequence: $fromSequence) { n } }';
const figures = { subscribers: spec.subscribers, expect: spec.expect, complete: 0, gaps: 0, duplicates: 0,
  reconnects: 0, maxReconnectMs: 0, errors: [] };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function subscriber() {
  return new Promise((resolve) => {
    let expected = 1;
    let closedAt = 0;
    // The payload graphql-ws re-sends on every reconnect: the resume point lives in its variables.
    const payload = { query, variables: { run: spec.run, fromSequence: 1 } };
    const client = createClient({
      url: spec.url,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 20,
      retryWait: (retries) => sleep(100 * 2 ** Math.min(retries, 4) + Math.random() * 100),
      shouldRetry: () => true,
      on: {
        closed: () => { closedAt = Date.now(); },
        connected: (_socket, _payload, wasRetry) => {
          if (wasRetry) {
            figures.reconnects++;
            figures.maxReconnectMs = Math.max(figures.maxReconnectMs, Date.now() - closedAt);
          }
        },
      },
    });
    const finish = () => { unsubscribe(); client.dispose(); resolve(); };
    const unsubscribe = client.subscribe(payload, {
      next: (result) => {
        const n = result.data?.feed?.n;
        if (n === undefined) {
          figures.errors.push(result.errors ?? result);
          return;
        }
        if (n < expected) figures.duplicates++;
        if (n > expected) figures.gaps++;
        expected = Math.max(expected, n + 1);
        // the recipe: resume one past the last stream sequence seen
        payload.variables.fromSequence = result.extensions.stream.sequence + 1;
        if (expected > spec.expect) {
          figures.complete++;
          finish();
        }
      },
      error: (error) => { figures.errors.push(String(error?.reason ?? error?.message ?? error)); resolve(); },
      complete: () => resolve(),
    });
  });
}

const timer = setTimeout(() => {
  console.log(JSON.stringify({ ...figures, timedOut: true }));
  process.exit(1);
}, spec.timeoutMs ?? 60_000);
await Promise.all(Array.from({ length: spec.subscribers }, subscriber));
clearTimeout(timer);
console.log(JSON.stringify(figures));
process.exit(figures.complete === spec.subscribers && figures.gaps === 0 && figures.duplicates === 0 ? 0 : 1);
