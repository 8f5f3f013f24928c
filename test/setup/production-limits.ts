// Cloudflare's production limits, enforced on every D1 statement, Durable
// Object SQL statement and queue send the code under test makes (it runs in
// this isolate, so patching the bindings' prototypes reaches all of it: the
// Worker's fetch and queue handlers, the Durable Object, its alarm). A call
// over a limit fails as it would deployed, and the test it happened in fails
// even if the code swallowed the error. A test that goes over a limit on
// purpose calls expectLimitViolation (limits/violations.ts).
//
// Local workerd already refuses, with production's numbers, more than 100
// parameters (and `?101`), statements over 100,000 bytes and a 101st column;
// the first two are checked here again so that a refusal the code swallows
// still fails the test. It lets through values and rows over 2 MB and queue
// sends over production's limits (Miniflare's are looser).
//
// Not checked: "arguments per SQL function" (32; local SQLite allows 127)
// would need an SQL parser to tell a function's arguments from the rest;
// "queries per Worker invocation" (1000) needs to know where an invocation
// starts, which a prototype does not; database and object sizes are far above
// test data.
import { env, runInDurableObject } from "cloudflare:test";
import { afterAll, afterEach } from "vitest";
import worker from "../../src/worker";
import { enforceD1Limits } from "./limits/d1";
import { enforceDurableObjectSqlLimits } from "./limits/durable-object-sql";
import { enforceQueueLimits, enforceRetryLimits } from "./limits/queues";
import { scanD1, scanDurableObjects } from "./limits/row-scan";
import { failOnViolations, recordViolations } from "./limits/violations";

enforceD1Limits(env.DB);
// DEAD_CHUNKS is the same class.
enforceQueueLimits(env.CHUNKS);
enforceRetryLimits(worker);
// A SqlStorage exists only inside an object: a throwaway one lends its prototype.
await runInDurableObject(env.BATCH.get(env.BATCH.newUniqueId()), (_object, state) => enforceDurableObjectSqlLimits(state.storage.sql));

afterEach(async () => {
  recordViolations(await scanD1(env.DB));
  failOnViolations("during this test");
});

// Objects are scanned once per file; a violation from work still running after
// a file's last test also surfaces here.
afterAll(async () => {
  recordViolations(await scanDurableObjects(env.BATCH));
  failOnViolations("in this file's Durable Objects, or after its last test");
});
