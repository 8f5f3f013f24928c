import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { ChunkLedger } from "../../src/durable/chunk-ledger";
import { ingest, loadCheckpoint, startIngestion } from "../../src/durable/ingestion";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";
import { heldBatch } from "../setup/held-batch";
import { uploadFile } from "../helpers/uploads";

/** Uploads bytes; returns the batch source. */
const upload = async (key: string, format: "csv" | "jsonl", body: string) => (await uploadFile(key, format, body)).source;

async function allResults(key: string, id: string, what: "result" | "errors") {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const res = await call("GET", `/v2/batch/operations/${id}/${what}?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, { key });
    items.push(...(what === "result" ? res.json.results : res.json.errors));
    cursor = res.json.next_cursor;
  } while (cursor);
  return items;
}

/** A CSV of `n` rows whose quoted, multi-line note field straddles byte `boundary` (a segment edge in tests). */
function csvWithQuotedNewlineAt(n: number, boundary: number) {
  let text = "\uFEFFunique_id,email,note\r\n";
  for (let i = 1; i <= n; i++) {
    const straddles = text.length < boundary && text.length + 60 > boundary;
    const note = straddles ? `"line one, with a comma\r\n${"x".repeat(40)} ""quoted"" line two"` : `note ${i}`;
    text += `u${i},person${i}@example.com,${note}\r\n`;
    if (i % 50 === 0) text += "\r\n"; // blank lines are not rows
  }
  return text;
}

describe("large sources: uploads, streamed and checkpointed ingestion", () => {
  it("runs an uploaded multi-segment CSV to completion with every row counted once", async () => {
    const { key } = await newProject();
    const csv = csvWithQuotedNewlineAt(400, 4096).replace("u7,person7@example.com,note 7", "u7,person7@example.com") + "u401,bad-email,x\r\n";
    const source = await upload(key, "csv", csv);
    const created = await createBatch(key, { operation: "contacts.upsert", source });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ source: { kind: "signed_url", format: "csv" }, progress: { rows_total: null } });
    const batch = await waitForTerminal(key, created.json.id);
    expect(batch).toMatchObject({ status: "partially_failed", progress: { rows_total: 401, rows_processed: 401, rows_succeeded: 399, rows_failed: 2 } });

    const errors = await allResults(key, batch.id, "errors");
    expect(errors.map((e) => [e.row_number, e.source_identifier, e.errors[0].code])).toEqual([
      [7, "u7", "ragged_row"],
      [401, "u401", "validation_failed"],
    ]);
    const results = await allResults(key, batch.id, "result");
    expect(results.map((r) => r.row_number)).toEqual(Array.from({ length: 401 }, (_, i) => i + 1).filter((n) => n !== 7 && n !== 401));
    expect(results.map((r) => r.source_identifier)).toEqual(results.map((r) => `u${r.row_number}`));
    const note = await env.DB.prepare("SELECT attributes FROM contacts WHERE email = ?").bind(`person${straddlingRow(csv)}@example.com`).first<{ attributes: string }>();
    expect(JSON.parse(note!.attributes).note).toMatch(/^line one, with a comma\r\nx+ "quoted" line two$/);
  });

  it("reads JSONL uploads line by line; bad lines are row errors with their numbers", async () => {
    const { key } = await newProject();
    const lines = ['{"unique_id":"a","v":1}', "", "not json", "[1,2]", '{"unique_id":"d","v":4}'];
    const source = await upload(key, "jsonl", lines.join("\n"));
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source })).json.id);
    expect(batch.progress).toMatchObject({ rows_total: 4, rows_processed: 4, rows_succeeded: 2, rows_failed: 2 });
    const errors = await allResults(key, batch.id, "errors");
    expect(errors.map((e) => [e.row_number, e.errors[0].code])).toEqual([
      [2, "malformed_row"],
      [3, "invalid_row"],
    ]);
  });

  it("fails the batch with a reason when the upload was never made, and for a file that is not text", async () => {
    const { key } = await newProject();
    const issued = await call("POST", "/v2/uploads", { key, body: { format: "csv" } });
    const missing = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: issued.json.source })).json.id);
    expect(missing).toMatchObject({ status: "failed", failure: { code: "source_not_found" }, progress: { rows_total: null, rows_processed: 0 } });
    expect(missing.errors_url).not.toBeNull();

    const binary = await upload(key, "csv", "id\u0000\u0001\u0002\n1\n");
    const notText = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: binary })).json.id);
    expect(notText).toMatchObject({ status: "failed", failure: { code: "source_unreadable", message: expect.stringMatching(/not a CSV/) } });
  });

  it("refuses a tampered upload URL, and another project's upload", async () => {
    const a = await newProject("a");
    const b = await newProject("b");
    const issued = await call("POST", "/v2/uploads", { key: a.key, body: { format: "csv" } });
    const tampered = issued.json.upload_url.replace(/signature=[0-9a-f]{4}/, "signature=0000");
    const put = await exports.default.fetch(new Request(tampered, { method: "PUT", body: "a\n1\n", headers: { "Content-Length": "4" } }));
    expect(put.status).toBe(401);
    const source = await upload(a.key, "csv", "a\n1\n");
    const res = await createBatch(b.key, { operation: "echo", source });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0].field).toBe("source.url");
    // The signed download URL serves the file, with byte ranges.
    const ranged = await exports.default.fetch(new Request(source.url, { headers: { Range: "bytes=2-2" } }));
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe("1");
  });

  it("resumes from its checkpoint after a crash mid-ingestion: no row lost or doubled", async () => {
    const { projectId, key } = await newProject();
    const rows = 600;
    const csv = "unique_id,v\n" + Array.from({ length: rows }, (_, i) => `r${i + 1},${"v".repeat(i % 40)}`).join("\n") + "\n";
    const source = await upload(key, "csv", csv);
    const uploadId = /uploads\/(upl_\w+)\//.exec(source.url)![1];
    const { r2_key } = (await env.DB.prepare("SELECT r2_key FROM uploads WHERE id = ?").bind(uploadId).first<{ r2_key: string }>())!;

    // A batch object set up by hand, so no alarm runs until the test says so.
    const { batchId, stub, write } = heldBatch(projectId);
    await runInDurableObject(stub, async (_instance, state) => {
      write(state.storage.sql, { source, idempotency_key: "crash" });
      startIngestion(state.storage.sql, { type: "r2", key: r2_key }, "csv");
      let sends = 0;
      const host = {
        sql: state.storage.sql,
        transaction: <T>(fn: () => T) => state.storage.transactionSync(fn),
        env,
        batchId,
        projectId,
        chunkRows: 500,
        maxRangeRows: null,
        ledger: new ChunkLedger(state.storage.sql),
        enqueuePending: async () => {
          // Crash after the third range is recorded, before anything was sent.
          if (++sends === 3) throw new Error("simulated crash");
        },
        running: () => true,
      };
      await expect(ingest(host, Date.now() + 60_000)).rejects.toThrow("simulated crash");
      expect(state.storage.sql.exec("SELECT count(*) AS n FROM chunks").one().n).toBe(3);
      expect(loadCheckpoint(state.storage.sql)).toMatchObject({ done: false, rows: expect.any(Number), header: ["unique_id", "v"] });
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    // The restarted object carries on from the checkpoint.
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    const batch = await waitForTerminal(key, batchId);
    expect(batch.progress).toMatchObject({ rows_total: rows, rows_processed: rows, rows_succeeded: rows, rows_failed: 0 });
    const results = await allResults(key, batch.id, "result");
    expect(results.map((r) => r.row_number)).toEqual(Array.from({ length: rows }, (_, i) => i + 1));
    expect(results.map((r) => r.result.unique_id)).toEqual(Array.from({ length: rows }, (_, i) => `r${i + 1}`));
  });

  it("shows progress while the source is still being read", async () => {
    const { key } = await newProject();
    const csv = "unique_id\n" + Array.from({ length: 3000 }, (_, i) => `r${i}`).join("\n") + "\n";
    const created = await createBatch(key, { operation: "echo", source: await upload(key, "csv", csv) });
    const seen = await vi.waitFor(
      async () => {
        const b = (await call("GET", `/v2/batch/operations/${created.json.id}`, { key })).json;
        expect(b.progress.rows_processed > 0 || b.status === "succeeded").toBe(true);
        return b;
      },
      { timeout: 20_000, interval: 10 },
    );
    // Either caught mid-flight (total unknown yet) or already done; the end state is exact.
    if (seen.status !== "succeeded") expect(seen.progress.rows_processed).toBeGreaterThan(0);
    const done = await waitForTerminal(key, created.json.id);
    expect(done.progress).toMatchObject({ rows_total: 3000, rows_processed: 3000 });
  });
});

function straddlingRow(csv: string): number {
  const at = csv.indexOf('"line one');
  return Number(/\nu(\d+),[^\n]*$/.exec(csv.slice(0, at))![1]);
}
