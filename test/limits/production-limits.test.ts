import { createMessageBatch, env, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/worker";
import { enforceRetryLimits } from "../setup/limits/queues";
import { scanD1, scanDurableObjects } from "../setup/limits/row-scan";
import { expectLimitViolation, failOnViolations } from "../setup/limits/violations";

const TOO_MANY = /^D1_ERROR: D1 bound parameters per statement: 101 is over the production limit of 100/;
const params = Array.from({ length: 101 }, (_, i) => i);
const overParametersSql = `SELECT json_array(${params.map(() => "?").join(", ")}) AS a`;
/** One parameter over production's limit. */
const overParameters = (db: D1Database) =>
  db
    .prepare(overParametersSql)
    .bind(...params)
    .first();
const messages = (n: number) => Array.from({ length: n }, (_, i) => ({ body: { i } }));

/** Runs `run` while the Worker's `kind` handler is `handler` (patched as the setup patches the real one). */
async function whileHandling<K extends "fetch" | "queue">(kind: K, handler: NonNullable<(typeof worker)[K]>, run: () => Promise<void>) {
  const app = worker[kind];
  Object.assign(worker, { [kind]: handler });
  if (kind === "queue") enforceRetryLimits(worker);
  try {
    await run();
  } finally {
    Object.assign(worker, { [kind]: app });
  }
}

describe("production limits reach every path of the code under test", () => {
  it("in the test itself", async () => {
    await expect(overParameters(env.DB)).rejects.toThrow(TOO_MANY);
    expectLimitViolation("D1 bound parameters per statement");
  });

  it("in the Worker's fetch handler", async () => {
    const handler = async (_req: Request, handlerEnv: Env) => overParameters(handlerEnv.DB).then(() => new Response("ran"), (e: Error) => new Response(e.message, { status: 500 }));
    await whileHandling("fetch", handler as never, async () => {
      const res = await exports.default.fetch(new Request("http://bulk.test/anything"));
      expect(res.status).toBe(500);
      expect(await res.text()).toMatch(TOO_MANY);
    });
    expectLimitViolation("D1 bound parameters per statement");
  });

  it("in a Durable Object: D1, its own SQL and queue sends", async () => {
    const stub = env.BATCH.get(env.BATCH.newUniqueId());
    await runInDurableObject(stub, async (_object, state) => {
      await expect(overParameters(env.DB)).rejects.toThrow(TOO_MANY);
      expect(() => state.storage.sql.exec(overParametersSql, ...params)).toThrow(
        "Durable Object SQL bound parameters per statement: 101 is over the production limit of 100",
      );
      await expect(env.CHUNKS.sendBatch(messages(101))).rejects.toThrow("Queues messages per sendBatch: 101");
    });
    expectLimitViolation("D1 bound parameters per statement");
    expectLimitViolation("Durable Object SQL bound parameters per statement");
    expectLimitViolation("Queues messages per sendBatch");
  });

  it("in the queue consumer, on a real delivery: D1 and message.retry", async () => {
    const seen: { d1?: Error; retry?: Error } = {};
    const consumer = async (batch: MessageBatch, handlerEnv: Env) => {
      await overParameters(handlerEnv.DB).catch((e: Error) => (seen.d1 = e));
      for (const message of batch.messages) {
        try {
          message.retry({ delaySeconds: 43_201 });
        } catch (e) {
          seen.retry = e as Error;
          message.ack();
        }
      }
    };
    await whileHandling("queue", consumer as never, async () => {
      await env.CHUNKS.send({ probe: true });
      await vi.waitFor(() => expect(seen.retry).toBeDefined(), { timeout: 10_000, interval: 20 });
    });
    expect(seen.d1?.message).toMatch(TOO_MANY);
    expect(seen.retry?.message).toMatch(/^Queues delaySeconds: 43201 is over the production limit of 43200/);
    expectLimitViolation("D1 bound parameters per statement");
    expectLimitViolation("Queues delaySeconds");
  });

  it("in the queue consumer, on a batch from createMessageBatch: retry and retryAll", async () => {
    const errors: string[] = [];
    const consumer = async (batch: MessageBatch) => {
      for (const retry of [() => batch.messages[0]!.retry({ delaySeconds: 50_000 }), () => batch.retryAll({ delaySeconds: 50_000 })]) {
        try {
          retry();
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
    };
    await whileHandling("queue", consumer as never, async () => {
      const batch = createMessageBatch("bulk-chunks", [{ id: "m1", timestamp: new Date(), attempts: 1, body: {} }]);
      await worker.queue(batch as never, env);
    });
    expect(errors).toEqual([expect.stringMatching(/^Queues delaySeconds: 50000 .*retry of message m1/), expect.stringMatching(/retryAll of a batch from bulk-chunks/)]);
    expect(expectLimitViolation("Queues delaySeconds")).toHaveLength(2);
  });
});

describe("what is checked", () => {
  afterEach(async () => {
    await env.DB.exec("DROP TABLE IF EXISTS limits_probe");
  });

  it("fails a D1 batch whole, before any of it runs", async () => {
    await env.DB.exec("CREATE TABLE limits_probe (a TEXT, b TEXT)");
    const insert = env.DB.prepare("INSERT INTO limits_probe (a) VALUES ('ran')");
    const tooMany = env.DB.prepare(overParametersSql).bind(...params);
    await expect(env.DB.batch([insert, tooMany])).rejects.toThrow(TOO_MANY);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM limits_probe").first("n")).toBe(0);
    expectLimitViolation("D1 bound parameters per statement");
  });

  it("checks each line of a D1 exec, as the binding sends each line as a statement", async () => {
    await expect(env.DB.exec(`SELECT 1;\nSELECT '${"x".repeat(100_000)}';`)).rejects.toThrow(/^D1_EXEC_ERROR: D1 statement length in bytes: 100010 /);
    expectLimitViolation("D1 statement length in bytes");
  });

  it("checks bound values and values returned", async () => {
    await expect(env.DB.prepare("SELECT length(?) AS n").bind("x".repeat(2_000_001)).first()).rejects.toThrow("D1 string or BLOB size in bytes: 2000001");
    await expect(env.DB.prepare("SELECT hex(zeroblob(1000001)) AS big").all()).rejects.toThrow(/D1 string or BLOB size in bytes: 2000002 .*a value returned by SELECT hex/);
    expect(expectLimitViolation("D1 string or BLOB size in bytes")).toHaveLength(2);
  });

  it("checks queue message sizes and delays, and lets calls within the limits through", async () => {
    await expect(env.CHUNKS.send("x".repeat(127_901), { contentType: "text" })).rejects.toThrow("Queues message size in bytes, metadata included: 128001");
    await expect(env.DEAD_CHUNKS.sendBatch([{ body: "x".repeat(127_900) }, { body: "x".repeat(127_900) }, { body: 1 }])).rejects.toThrow("Queues bytes per sendBatch");
    await expect(env.DEAD_CHUNKS.send({}, { delaySeconds: 43_201 })).rejects.toThrow("Queues delaySeconds: 43201");
    expectLimitViolation("Queues message size in bytes, metadata included");
    expectLimitViolation("Queues bytes per sendBatch");
    expectLimitViolation("Queues delaySeconds");
    // Not a chunk: the consumer acks it.
    await env.CHUNKS.send({ not: "a chunk" }, { delaySeconds: 43_200 });
  });

  it("records a violation the code swallowed, so the test still fails", async () => {
    await overParameters(env.DB).catch(() => undefined);
    expect(() => failOnViolations("during this test")).toThrow(/^Over Cloudflare's production limits during this test[^]*D1 bound parameters per statement: 101 is over/);
  });

  it("finds D1 rows over the limit after the fact", async () => {
    await env.DB.exec("CREATE TABLE limits_probe (a TEXT, b TEXT)");
    // Each value is within the limit; the row they make is not.
    await env.DB.prepare("INSERT INTO limits_probe (a, b) VALUES (?1, ?2)").bind("x".repeat(1_000_000), "y".repeat(1_000_001)).run();
    expect(await scanD1(env.DB)).toEqual([{ limit: "D1 table row size in bytes", max: 2_000_000, actual: 2_000_001, subject: "a row of limits_probe" }]);
  });

  it("finds Durable Object rows over the limit after the fact", async () => {
    const stub = env.BATCH.get(env.BATCH.newUniqueId());
    const probe = (sql: string, ...bindings: string[]) => runInDurableObject(stub, (_object, state) => void state.storage.sql.exec(sql, ...bindings));
    await probe("CREATE TABLE limits_probe (a TEXT, b TEXT)");
    await probe("INSERT INTO limits_probe VALUES (?, ?)", "x".repeat(1_000_000), "y".repeat(1_000_001));
    try {
      expect(await scanDurableObjects(env.BATCH)).toEqual([expect.objectContaining({ limit: "Durable Object SQL table row size in bytes", actual: 2_000_001 })]);
    } finally {
      await probe("DROP TABLE limits_probe");
    }
  });
});
