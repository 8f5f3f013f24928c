import { createExecutionContext, createMessageBatch, env, getQueueResult, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/worker";
import type { ChunkMessage, ChunkMessageInput } from "../../src/queues/chunk-message";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";
import { heldBatch } from "../setup/held-batch";
import { storedRowCount } from "../helpers/stored-results";

/**
 * Hands messages to the Worker's queue handler as the platform would, and
 * returns what it acked or retried. A chunk's message keeps its id across
 * deliveries, as a queue's retries of one message do.
 */
async function deliver(queue: string, messages: { body: unknown; attempts: number }[]) {
  const idOf = (body: any, i: number) => (body?.batch_id ? `${queue}-${body.batch_id}-${body.chunk_index}` : `test-${i}-${crypto.randomUUID()}`);
  const batch = createMessageBatch(
    queue,
    messages.map((m, i) => ({ id: idOf(m.body, i), timestamp: new Date(), attempts: m.attempts, body: m.body })),
  );
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Env>).queue!(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

const chunkOf = (batchId: string, operation: ChunkMessage["operation"], rows: unknown[], index: number, size = 10): ChunkMessageInput => ({
  batch_id: batchId,
  operation,
  chunk_index: index,
  first_row_number: index * size + 1,
  row_count: rows.slice(index * size, (index + 1) * size).length,
  rows: rows.slice(index * size, (index + 1) * size),
});

async function waitForStatus(key: string, id: string, status: string) {
  await vi.waitFor(async () => expect((await call("GET", `/v2/batch/operations/${id}`, { key })).json.status).toBe(status), { timeout: 10_000, interval: 20 });
}

const resultRowCount = storedRowCount;

describe("chunk delivery", () => {
  afterEach(async () => {
    // Undo the outage the retry tests stage (see breakOutbox).
    await env.DB.prepare("ALTER TABLE outbox_offline RENAME TO outbox").run().catch(() => undefined);
  });

  it("counts every chunk once when chunks are delivered again and concurrently", async () => {
    const { key } = await newProject();
    const rows = Array.from({ length: 300 }, (_, i) => ({ unique_id: `r${i + 1}`, v: i % 13 === 0 ? "x".repeat(5) : i }));
    const { json } = await createBatch(key, { operation: "echo", source: { kind: "inline", rows } });
    await waitForStatus(key, json.id, "running");

    // Every chunk twice more, alongside the queue's own deliveries.
    const dupes = Array.from({ length: 30 }, (_, i) => chunkOf(json.id, "echo", rows, i));
    const results = await Promise.all([deliver("bulk-chunks", dupes.map((body) => ({ body, attempts: 2 }))), deliver("bulk-chunks", dupes.map((body) => ({ body, attempts: 3 })))]);
    for (const r of results) expect(r.explicitAcks).toHaveLength(30);

    const batch = await waitForTerminal(key, json.id);
    expect(batch.progress).toMatchObject({ rows_total: 300, rows_processed: 300, rows_succeeded: 300, rows_failed: 0 });
    expect(await resultRowCount(json.id)).toBe(300);

    // And once more after it finished: nothing changes.
    await deliver("bulk-chunks", [{ body: dupes[3], attempts: 4 }]);
    expect((await call("GET", `/v2/batch/operations/${json.id}`, { key })).json.progress.rows_processed).toBe(300);
    expect(await resultRowCount(json.id)).toBe(300);
  });

  it("acks a message that is not a chunk instead of retrying it forever", async () => {
    const result = await deliver("bulk-chunks", [{ body: { hello: "world" }, attempts: 1 }]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
  });

  /** A real D1 failure for messages.send: its table is gone until afterEach restores it. */
  const breakOutbox = () => env.DB.prepare("ALTER TABLE outbox RENAME TO outbox_offline").run();

  it("retries a chunk whose handler fails with backoff, then makes its rows retry_exhausted", async () => {
    const { key } = await newProject();
    await breakOutbox();
    const rows = [{ to: "+15550001", body: "hi", unique_id: "m1" }, { to: "+15550002", body: "yo" }, { to: "", body: "bad row" }];
    const { json } = await createBatch(key, { operation: "messages.send", source: { kind: "inline", rows } });
    await waitForStatus(key, json.id, "running");
    const chunk = chunkOf(json.id, "messages.send", rows, 0);

    const first = await deliver("bulk-chunks", [{ body: chunk, attempts: 1 }]);
    // Retried (with a delay from retryDelaySeconds, unit-tested), nothing counted yet.
    expect(first.retryMessages).toHaveLength(1);
    expect(first.explicitAcks).toEqual([]);
    expect((await call("GET", `/v2/batch/operations/${json.id}`, { key })).json.progress.rows_processed).toBe(0);

    // CHUNK_MAX_ATTEMPTS is 3 in the test config.
    const last = await deliver("bulk-chunks", [{ body: chunk, attempts: 3 }]);
    expect(last.explicitAcks).toHaveLength(1);
    const batch = await waitForTerminal(key, json.id);
    expect(batch).toMatchObject({ status: "failed", progress: { rows_processed: 3, rows_failed: 3 } });
    const errors = (await call("GET", `/v2/batch/operations/${json.id}/errors`, { key })).json.errors;
    expect(errors.map((e: any) => [e.row_number, e.errors[0].code])).toEqual([
      [1, "retry_exhausted"],
      [2, "retry_exhausted"],
      [3, "validation_failed"],
    ]);
    expect(errors[0].source_identifier).toBe("m1");
  });

  it("turns a dead-lettered chunk's rows into retry_exhausted errors so the batch finishes", async () => {
    const { key } = await newProject();
    await breakOutbox();
    const rows = [{ to: "+15550001", body: "hi" }];
    const { json } = await createBatch(key, { operation: "messages.send", source: { kind: "inline", rows } });
    await waitForStatus(key, json.id, "running");
    const result = await deliver("bulk-chunks-dlq", [{ body: chunkOf(json.id, "messages.send", rows, 0), attempts: 1 }]);
    expect(result.explicitAcks).toHaveLength(1);
    const batch = await waitForTerminal(key, json.id);
    expect(batch).toMatchObject({ status: "failed", progress: { rows_failed: 1 } });
    const errors = (await call("GET", `/v2/batch/operations/${json.id}/errors`, { key })).json.errors;
    expect(errors[0].errors[0]).toMatchObject({ code: "retry_exhausted" });
  });

  it("records a dead-lettered chunk's rows as failed from its row count, without reading rows that cannot be read", async () => {
    const { key, projectId } = await newProject();
    const { batchId, stub, write } = heldBatch(projectId);
    // A running batch whose one chunk's rows were put in R2, and the object is gone.
    await runInDurableObject(stub, (_instance, state) => {
      write(state.storage.sql, { source: { kind: "inline", row_count: 3 }, progress: { rows_total: 3, rows_processed: 0, rows_succeeded: 0, rows_failed: 0 } });
      state.storage.sql.exec("INSERT INTO chunks (chunk_index, first_row_number, row_count, bytes, payload, enqueued_at, sends) VALUES (0, 1, 3, 0, NULL, ?, 1)", new Date().toISOString());
    });
    const body: ChunkMessageInput = { batch_id: batchId, operation: "echo", chunk_index: 0, first_row_number: 1, row_count: 3, rows_key: `batches/${batchId}/chunks/gone.json` };
    const result = await deliver("bulk-chunks-dlq", [{ body, attempts: 1 }]);
    expect(result.explicitAcks).toHaveLength(1);
    await runDurableObjectAlarm(stub);
    const batch = await waitForTerminal(key, batchId);
    expect(batch).toMatchObject({ status: "failed", progress: { rows_total: 3, rows_processed: 3, rows_failed: 3 } });
    const errors = (await call("GET", `/v2/batch/operations/${batchId}/errors`, { key })).json.errors;
    expect(errors.map((e: any) => [e.row_number, e.source_identifier, e.errors[0].code])).toEqual([
      [1, null, "retry_exhausted"],
      [2, null, "retry_exhausted"],
      [3, null, "retry_exhausted"],
    ]);
  });
});
