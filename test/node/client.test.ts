import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startDev, type LocalStack } from "../../bench/stack.mjs";
import {
  BulkApiError,
  createBatch,
  createBulkClient,
  eachError,
  eachResult,
  errorPages,
  followBatch,
  getBatch,
  saveReport,
  uploadFile,
  waitForBatch,
  type Batch,
  type BulkClient,
  type UploadProgress,
} from "../../client";

// The typed client's helpers against the real local stack (wrangler dev, as `npm start` runs it).

let stack: LocalStack;
let dir: string;
let client: BulkClient;
let apiKey: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "bulk-client-"));
  stack = await startDev({ port: await freePort(), state: join(dir, "state"), logPath: join(dir, "dev.log"), env: { CHUNK_ROWS: "50" } });
  const res = await fetch(`${stack.base}/v2/admin/projects`, {
    method: "POST",
    headers: { Authorization: "Bearer dev-admin-token", "Content-Type": "application/json" },
    body: JSON.stringify({ name: "client test" }),
  });
  const { api_key } = (await res.json()) as { api_key: string };
  apiKey = api_key;
  client = createBulkClient({ baseUrl: `${stack.base}/`, apiKey: api_key });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe("the typed client", () => {
  let batch: Batch;
  const ROWS = 40_000;

  it("uploads a file streamed from disk, reporting bytes as they go, and runs a batch from it to its end", async () => {
    // About 1.5 MB: many reads of the file, each reported.
    const path = join(dir, "rows.jsonl");
    writeFileSync(path, Array.from({ length: ROWS }, (_, i) => JSON.stringify(i % 1000 === 0 ? { bad: i } : { email: `user${i}@example.com`, unique_id: `u-${i}` })).join("\n") + "\n");
    const size = readFileSync(path).length;
    const progress: UploadProgress[] = [];
    const upload = await uploadFile(client, path, { onProgress: (p) => progress.push(p) });
    expect(upload.source).toMatchObject({ kind: "signed_url", format: "jsonl" });
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toEqual({ sentBytes: size, totalBytes: size });
    // In file-read-sized steps, never the whole file at once.
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.sentBytes - progress[i - 1]!.sentBytes).toBeLessThanOrEqual(64 * 1024);

    const created = await createBatch(client, { operation: "contacts.upsert", source: upload.source }, { idempotencyKey: "client-test-1" });
    expect(created.status).toBe("accepted");
    // The same key and request: the same batch.
    expect((await createBatch(client, { operation: "contacts.upsert", source: upload.source }, { idempotencyKey: "client-test-1" })).id).toBe(created.id);

    const seen: Batch["status"][] = [];
    batch = await waitForBatch(client, created.id, { intervalMs: 200, onProgress: (b) => seen.push(b.status) });
    expect(batch.status).toBe("partially_failed");
    expect(batch.progress).toMatchObject({ rows_total: ROWS, rows_failed: ROWS / 1000, rows_succeeded: ROWS - ROWS / 1000 });
    expect(seen.at(-1)).toBe("partially_failed");
  }, 120_000);

  it("pages errors and results across cursors, in row order", async () => {
    const pages = [];
    for await (const page of errorPages(client, batch.id, { pageSize: 15 })) pages.push(page);
    expect(pages.map((p) => p.errors.length)).toEqual([15, 15, 10]);
    const rows = [];
    for await (const row of eachError(client, batch.id, { pageSize: 7 })) rows.push(row.row_number);
    expect(rows).toEqual(Array.from({ length: ROWS / 1000 }, (_, i) => i * 1000 + 1));

    let count = 0;
    let last = 0;
    for await (const result of eachResult(client, batch.id, { pageSize: 1000 })) {
      expect(result.row_number).toBeGreaterThan(last);
      last = result.row_number;
      count++;
    }
    expect(count).toBe(batch.progress.rows_succeeded);
  }, 120_000);

  it("saves a report to a file", async () => {
    const path = join(dir, "errors.jsonl");
    await saveReport(client, batch.id, "errors.jsonl", path);
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(ROWS / 1000);
  }, 60_000);

  it("sends a batch whose answer was lost again with the same Idempotency-Key: one batch", async () => {
    const base = client.baseUrl;
    const { api_key } = (await (
      await fetch(`${base}/v2/admin/projects`, { method: "POST", headers: { Authorization: "Bearer dev-admin-token", "Content-Type": "application/json" }, body: JSON.stringify({ name: "lost answers" }) })
    ).json()) as { api_key: string };
    // The first create reaches the server and runs; its answer never comes back.
    const answered: string[] = [];
    let lost = false;
    const losing = createBulkClient({
      baseUrl: base,
      apiKey: api_key,
      fetch: async (input, init) => {
        const method = input instanceof Request ? input.method : (init?.method ?? "GET");
        const response = await fetch(input, init);
        if (method === "POST" && !lost) {
          lost = true;
          answered.push(((await response.json()) as Batch).id);
          throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
        }
        return response;
      },
    });
    const batch = await createBatch(losing, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }] } });
    expect(answered).toEqual([batch.id]);
    const list = await losing.api.GET("/v2/batch/operations");
    expect(list.data?.data.map((b) => b.id)).toEqual([batch.id]);
  }, 30_000);

  it("follows a batch's live events to its end", async () => {
    const path = join(dir, "follow.jsonl");
    writeFileSync(path, Array.from({ length: 3000 }, (_, i) => JSON.stringify({ i })).join("\n") + "\n");
    const upload = await uploadFile(client, path);
    const created = await createBatch(client, { operation: "echo", source: upload.source });
    const events = [];
    for await (const event of followBatch(client, created.id)) events.push(event);
    expect(events[0]!.type).toBe("progress");
    expect(events.at(-1)).toMatchObject({ type: "completed", batch: { id: created.id, status: "succeeded", progress: { rows_processed: 3000 } } });
    expect(events.slice(0, -1).every((e) => e.type === "progress")).toBe(true);
    // A finished batch: its state as progress, then completed.
    const again = [];
    for await (const event of followBatch(client, created.id)) again.push(event.type);
    expect(again).toEqual(["progress", "completed"]);
  }, 60_000);

  it("waits out polls that get no answer", async () => {
    let dropped = 0;
    const flaky = createBulkClient({
      baseUrl: client.baseUrl,
      apiKey,
      fetch: async (input, init) => {
        const method = input instanceof Request ? input.method : (init?.method ?? "GET");
        if (method === "GET" && dropped < 2) {
          dropped++;
          throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
        }
        return fetch(input, init);
      },
    });
    const done = await waitForBatch(flaky, batch.id, { intervalMs: 10 });
    expect([dropped, done.id, done.status]).toEqual([2, batch.id, "partially_failed"]);
    // Not a blip: an answer that says no is not tried again.
    await expect(waitForBatch(flaky, "bat_nope", { intervalMs: 10 })).rejects.toMatchObject({ status: 404 });
  });

  it("throws BulkApiError with the API's code for an error answer", async () => {
    const error = await getBatch(client, "bat_nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkApiError);
    expect(error).toMatchObject({ status: 404, code: "not_found", message: "not_found: Batch not found (HTTP 404)" });
    expect((error as BulkApiError).requestId).toMatch(/^req_/);
  });

  it("names each bad field of a 422 in its message", async () => {
    const error = await createBatch(client, { operation: "echo", source: { kind: "inline", rows: [] }, params: { delay_ms: -1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkApiError);
    expect((error as BulkApiError).code).toBe("validation_failed");
    expect((error as BulkApiError).message).toContain("params.delay_ms");
  });
});
