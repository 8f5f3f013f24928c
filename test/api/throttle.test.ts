import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { uploadFile } from "../helpers/uploads";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ unique_id: `r${i + 1}` }));
const runSeconds = (b: { started_at: string; completed_at: string }) => (Date.parse(b.completed_at) - Date.parse(b.started_at)) / 1000;

/** The batch object's chunks: how many rows each, and the gap between their sends. */
async function chunksOf(id: string) {
  const stub = env.BATCH.get(env.BATCH.idFromString(id.slice("bat_".length)));
  return runInDurableObject(stub, (_, state) => state.storage.sql.exec<{ row_count: number }>("SELECT row_count FROM chunks ORDER BY chunk_index").toArray().map((c) => c.row_count));
}

describe("max_rows_per_second", () => {
  it("runs inline rows no faster than the rate, in chunks of about a second's rows", async () => {
    const { key } = await newProject();
    const created = await createBatch(key, { operation: "echo", source: { kind: "inline", rows: rows(15) }, max_rows_per_second: 5 });
    expect(created.status).toBe(201);
    expect(created.json.max_rows_per_second).toBe(5);
    const batch = await waitForTerminal(key, created.json.id);
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_processed: 15 } });
    expect(await chunksOf(batch.id)).toEqual([5, 5, 5]);
    // Rows are paid for before they start: 15 rows at 5 a second take at least 3 s.
    expect(runSeconds(batch)).toBeGreaterThanOrEqual(3);
  });

  it("keeps chunks no bigger than the service's (10 in tests) for a rate above it", async () => {
    const { key } = await newProject();
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "inline", rows: rows(40) }, max_rows_per_second: 20 })).json.id);
    expect(await chunksOf(batch.id)).toEqual([10, 10, 10, 10]);
    expect(runSeconds(batch)).toBeGreaterThanOrEqual(2);
  });

  it("cuts a source's byte ranges to the same size and holds the rate across every consumer", async () => {
    const { key } = await newProject();
    const csv = ["unique_id,v", ...rows(10).map((r, i) => `${r.unique_id},${i}`)].join("\n") + "\n";
    const { source } = await uploadFile(key, "csv", csv);
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source, max_rows_per_second: 4 })).json.id);
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_total: 10, rows_processed: 10 } });
    expect(await chunksOf(batch.id)).toEqual([4, 4, 2]);
    expect(runSeconds(batch)).toBeGreaterThanOrEqual(2.5);
  });

  it("is kept by a replay of the batch", async () => {
    const { key } = await newProject();
    const parent = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }, 2, 3] }, max_rows_per_second: 50 })).json.id);
    const replay = await call("POST", `/v2/batch/operations/${parent.id}/replay`, { key, body: { only: "failed_rows" }, headers: { "Idempotency-Key": crypto.randomUUID() } });
    expect(replay.status).toBe(201);
    expect(replay.json.max_rows_per_second).toBe(50);
    await waitForTerminal(key, replay.json.id);
  });

  it("is part of what an Idempotency-Key answers for, and unthrottled batches show null", async () => {
    const { key } = await newProject();
    const body = { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }] } };
    const plain = await createBatch(key, body, "k1");
    expect(plain.json.max_rows_per_second).toBeNull();
    expect((await createBatch(key, { ...body, max_rows_per_second: 5 }, "k1")).status).toBe(409);
    expect((await createBatch(key, { ...body, max_rows_per_second: 5 }, "k2")).status).toBe(201);
    expect((await createBatch(key, { ...body, max_rows_per_second: 5 }, "k2")).status).toBe(200);
    await waitForTerminal(key, plain.json.id);
    await waitForTerminal(key, (await createBatch(key, { ...body, max_rows_per_second: 5 }, "k2")).json.id);
  });

  it.each([0, -1, 1_000_001, "fast", null])("refuses %j with 422 naming max_rows_per_second", async (rate) => {
    const { key } = await newProject();
    const res = await createBatch(key, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }] }, max_rows_per_second: rate });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json.error)).toContain("max_rows_per_second");
  });

  it.each([0.5, 1, 1_000_000])("accepts %d", async (rate) => {
    const { key } = await newProject();
    const res = await createBatch(key, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }] }, max_rows_per_second: rate });
    expect(res.status).toBe(201);
    await waitForTerminal(key, res.json.id);
  });
});
