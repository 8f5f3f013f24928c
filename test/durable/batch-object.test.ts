import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { batchIdFor, batchStub } from "../../src/durable/batch-client";
import type { BatchDurableObject } from "../../src/durable/batch-object";
import type { CreateBatchInput } from "../../src/durable/batch-record";

const input = (over: Partial<CreateBatchInput> = {}): CreateBatchInput => {
  const id = batchIdFor(env, "prj_do", over.idempotency_key ?? crypto.randomUUID());
  return {
    id,
    project_id: "prj_do",
    surface: "batch",
    operation: "echo",
    params: {},
    source: { kind: "inline", row_count: 0 },
    input: { rows: [] },
    source_hash: "h1",
    idempotency_key: "k",
    created_by: "apikey:key_test",
    parent_batch_id: null,
    now: "2026-01-01T00:00:00.000Z",
    ...over,
  };
};

/** Marks the batch running behind the object's back (no alarm, so no fan-out), and drops the record it caches. */
function markRunning(instance: BatchDurableObject, state: DurableObjectState): void {
  state.storage.sql.exec("UPDATE batch SET doc = json_set(doc, '$.status', 'running')");
  (instance as unknown as { store: { forget(): void } }).store.forget();
}

const stubFor = (id: string) => env.BATCH.get(env.BATCH.idFromString(id.slice(4))) as DurableObjectStub<BatchDurableObject>;

describe("batch Durable Object", () => {
  it("answers a repeated create from its record: same hash existing, other hash conflict", async () => {
    const req = input({ idempotency_key: "repeat" });
    const stub = batchStub(env, req.id)!;
    expect((await stub.create(req)).outcome).toBe("created");
    expect(await stub.create(req)).toMatchObject({ outcome: "existing", batch: { id: req.id } });
    expect(await stub.create({ ...req, source_hash: "h2" })).toEqual({ outcome: "conflict" });
  });

  it("mirrors itself to D1 for listing", async () => {
    const req = input({ idempotency_key: "mirror" });
    await batchStub(env, req.id)!.create(req);
    const row = await env.DB.prepare("SELECT status, project_id FROM batches WHERE id = ?").bind(req.id).first();
    expect(row).toMatchObject({ project_id: "prj_do" });
  });

  it("plans chunks at creation and counts a chunk reported twice once", async () => {
    const req = input({ idempotency_key: "ledger", input: { rows: Array.from({ length: 25 }, (_, i) => ({ i })) } });
    const stub = stubFor(req.id);
    await runInDurableObject(stub, async (instance, state) => {
      await instance.create(req);
      // Hold the fan-out: this test reports chunks itself.
      await state.storage.deleteAlarm();
      const chunks = state.storage.sql.exec("SELECT chunk_index, first_row_number, row_count FROM chunks ORDER BY chunk_index").toArray();
      expect(chunks).toEqual([
        { chunk_index: 0, first_row_number: 1, row_count: 10 },
        { chunk_index: 1, first_row_number: 11, row_count: 10 },
        { chunk_index: 2, first_row_number: 21, row_count: 5 },
      ]);
      markRunning(instance, state);
      const report = { chunk_index: 0, rows_succeeded: 9, rows_failed: 1, keyed_results: [] };
      await instance.reportChunk(report, "2026-01-01T00:00:01.000Z");
      await instance.reportChunk(report, "2026-01-01T00:00:02.000Z");
      const batch = (await instance.get())!;
      expect(batch.progress).toEqual({ rows_total: 25, rows_processed: 10, rows_succeeded: 9, rows_failed: 1 });
      expect(batch.status).toBe("running");
      expect(await instance.beginChunk(0, [], { holder: "msg-a" })).toEqual({ run: false, reason: "chunk_done" });
      expect(await instance.beginChunk(1, [], { holder: "msg-b" })).toMatchObject({ run: true, project_id: "prj_do" });

      await instance.reportChunk({ ...report, chunk_index: 1, rows_succeeded: 10, rows_failed: 0 }, "2026-01-01T00:00:03.000Z");
      await instance.reportChunk({ ...report, chunk_index: 2, rows_succeeded: 5, rows_failed: 0 }, "2026-01-01T00:00:04.000Z");
      const done = (await instance.get())!;
      expect(done).toMatchObject({ status: "partially_failed", completed_at: "2026-01-01T00:00:04.000Z", progress: { rows_processed: 25 } });
    });
  });

  it("remembers per-row idempotency results and hands them to later chunks", async () => {
    const req = input({ idempotency_key: "row-keys", operation: "messages.send", input: { rows: Array.from({ length: 20 }, () => ({ to: "x", body: "y" })) } });
    const stub = stubFor(req.id);
    await runInDurableObject(stub, async (instance, state) => {
      await instance.create(req);
      await state.storage.deleteAlarm();
      markRunning(instance, state);
      await instance.reportChunk(
        { chunk_index: 0, rows_succeeded: 10, rows_failed: 0, keyed_results: [{ key: "k1", row_number: 3, result: { message_id: "msg_1" } }] },
        "2026-01-01T00:00:01.000Z",
      );
      expect(await instance.beginChunk(1, ["k1", "k2"], { holder: "msg-c" })).toMatchObject({ run: true, cached: { k1: { row_number: 3, result: { message_id: "msg_1" } } } });
    });
  });

  it("starts and finishes a zero-row batch from its alarm, and the alarm may run again", async () => {
    const req = input({ idempotency_key: "zero" });
    const stub = stubFor(req.id);
    await runInDurableObject(stub, (instance) => instance.create(req));
    await runDurableObjectAlarm(stub);
    await runDurableObjectAlarm(stub);
    const batch = await runInDurableObject(stub, (instance) => instance.get());
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_total: 0 } });
    expect(batch!.results_expire_at).not.toBeNull();
  });
});
