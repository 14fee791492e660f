// The Switchboard demo's customers service in Node.js: a NATS service ($SRV discovery, queue
// group "q") answering demo.customers.get.<id> exactly as the Java demo does, and refusing any
// request without a valid identity envelope from the bridge.
import { connect, JSONCodec } from "nats";
import { DEFAULT_JWKS_SUBJECT, identityVerifier } from "./identity.mjs";

const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const JWKS_SUBJECT = process.env.JWKS_SUBJECT ?? DEFAULT_JWKS_SUBJECT;
const JWKS_MIN_REFETCH_MS = Number(process.env.JWKS_MIN_REFETCH_MS ?? 30_000);
const SUBJECT = "demo.customers.get.*";

const customers = new Map([
  ["c1", { id: "c1", name: "Ada Lovelace", email: "ada@example.com" }],
  ["c2", { id: "c2", name: "Grace Hopper", email: "grace@example.com" }],
]);

/** A failure the caller is meant to see, replied as Nats-Service-Error(-Code). */
class ServiceError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const json = JSONCodec();
const nc = await connect({ servers: NATS_URL.split(","), name: "demo-customers-node" });
const verify = identityVerifier(nc, {
  subject: JWKS_SUBJECT,
  minRefetchMs: JWKS_MIN_REFETCH_MS,
});

function getCustomer(msg) {
  const id = msg.subject.slice(msg.subject.lastIndexOf(".") + 1);
  const customer = customers.get(id);
  if (!customer) {
    throw new ServiceError(404, "customer not found");
  }
  return customer;
}

async function answer(msg) {
  const correlationId = msg.headers?.get("Switchboard-Correlation-Id") ?? "-";
  // The bridge has already answered its client with TIMEOUT after this instant: skip the work.
  const deadline = Number(msg.headers?.get("Switchboard-Deadline"));
  if (deadline && Date.now() > deadline) {
    return;
  }
  let caller;
  try {
    caller = await verify(msg.headers?.get("Switchboard-Identity"));
  } catch (invalid) {
    // The caller learns only this; the reason stays in our log.
    console.log(`refused ${msg.subject}: ${invalid.message} (correlation id ${correlationId})`);
    msg.respondError(401, "identity missing or invalid");
    return;
  }
  try {
    msg.respond(json.encode(getCustomer(msg)));
    console.log(`answered ${msg.subject} for ${caller.sub} (correlation id ${correlationId})`);
  } catch (failure) {
    if (failure instanceof ServiceError) {
      msg.respondError(failure.code, failure.message);
    } else {
      console.error(`failed ${msg.subject} (correlation id ${correlationId})`, failure);
      msg.respondError(500, "internal error");
    }
  }
}

const service = await nc.services.add({
  name: "demo-customers",
  version: "1.0.0",
  description: "Customers of the demo shop (Node.js)",
});
service.addEndpoint("get", {
  subject: SUBJECT,
  handler: (err, msg) => {
    if (err) {
      console.error("endpoint stopped", err);
      return;
    }
    answer(msg);
  },
});
await nc.flush(); // the server has our subscriptions: a request now finds us
console.log(`ready: demo-customers ${service.info().id} on ${SUBJECT} at ${NATS_URL}`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await service.stop();
    await nc.drain(); // requests being handled still get their reply
    process.exit(0);
  });
}
