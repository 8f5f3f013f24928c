import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, contactRows, createBatch, newProject, waitForTerminal } from "../setup/api";

describe("a batch from creation to its reports", () => {
  it("runs an inline contacts.upsert batch to partially_failed with true counters, errors and results", async () => {
    const { key } = await newProject();
    const rows = contactRows(35, 7); // rows 7, 14, 21, 28, 35 have a bad email
    const created = await createBatch(key, { operation: "contacts.upsert", source: { kind: "inline", rows }, params: {} }, "story-1");
    expect(created.status).toBe(201);
    expect(created.headers.get("X-Request-Id")).toMatch(/^req_/);
    expect(created.json).toMatchObject({
      status: "accepted",
      operation: "contacts.upsert",
      surface: "batch",
      idempotency_key: "story-1",
      source: { kind: "inline", row_count: 35 },
      progress: { rows_total: 35, rows_processed: 0, rows_succeeded: 0, rows_failed: 0, rows_per_second: null, eta_seconds: null },
      errors_url: null,
      result_url: null,
    });
    expect(created.json.created_by).toMatch(/^apikey:key_/);

    const seen: string[] = [];
    const batch = await waitForTerminal(key, created.json.id, seen);
    expect(batch.status).toBe("partially_failed");
    expect(batch.progress).toMatchObject({ rows_total: 35, rows_processed: 35, rows_succeeded: 30, rows_failed: 5, eta_seconds: 0 });
    const seconds = (Date.parse(batch.completed_at!) - Date.parse(batch.started_at!)) / 1000;
    expect(batch.progress.rows_per_second).toBe(seconds > 0 ? Math.round((35 / seconds) * 10) / 10 : null);
    expect(batch.started_at).not.toBeNull();
    expect(batch.completed_at! >= batch.started_at!).toBe(true);
    expect(batch.errors_url).toBe(`http://bulk.test/v2/batch/operations/${batch.id}/errors.jsonl`);
    expect(batch.result_url).toBe(`http://bulk.test/v2/batch/operations/${batch.id}/result.jsonl`);
    expect(seen.at(-1)).toBe("partially_failed");

    // Error report, two rows a page.
    const pages: any[] = [];
    let cursor: string | null = null;
    do {
      const res = await call("GET", `/v2/batch/operations/${batch.id}/errors?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { key });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ batch_id: batch.id, total_failed: 5, sampled: false });
      pages.push(...res.json.errors);
      cursor = res.json.next_cursor;
    } while (cursor);
    expect(pages.map((e) => e.row_number)).toEqual([7, 14, 21, 28, 35]);
    expect(pages[0]).toEqual({
      row_number: 7,
      source_identifier: "u-7",
      errors: [{ code: "validation_failed", message: "Invalid email address", field: "email" }],
    });

    const errorsFile = await call("GET", `/v2/batch/operations/${batch.id}/errors.jsonl`, { key });
    expect(errorsFile.headers.get("Content-Type")).toBe("application/x-ndjson");
    const errorLines = errorsFile.text.trim().split("\n").map((l) => JSON.parse(l));
    expect(errorLines).toEqual(pages);

    // Results, in row order, across pages.
    const results: any[] = [];
    cursor = null;
    do {
      const res = await call("GET", `/v2/batch/operations/${batch.id}/result?limit=8${cursor ? `&cursor=${cursor}` : ""}`, { key });
      expect(res.status).toBe(200);
      results.push(...res.json.results);
      cursor = res.json.next_cursor;
    } while (cursor);
    expect(results).toHaveLength(30);
    expect(results.map((r) => r.row_number)).toEqual(rows.map((_, i) => i + 1).filter((n) => n % 7 !== 0));
    expect(results[0]).toMatchObject({ row_number: 1, source_identifier: "u-1", result: { status: "created" } });
    expect(results[0].result.contact_id).toMatch(/^con_/);

    const resultFile = await call("GET", `/v2/batch/operations/${batch.id}/result.jsonl`, { key });
    expect(resultFile.text.trim().split("\n").map((l) => JSON.parse(l))).toEqual(results);
  });

  it("upserts: a second batch with the same emails updates the same contacts", async () => {
    const { key } = await newProject();
    const rows = contactRows(3);
    const first = await waitForTerminal(key, (await createBatch(key, { operation: "contacts.upsert", source: { kind: "inline", rows } })).json.id);
    const second = await waitForTerminal(
      key,
      (await createBatch(key, { operation: "contacts.upsert", source: { kind: "inline", rows: rows.map((r) => ({ ...r, name: "Renamed" })) } })).json.id,
    );
    const a = (await call("GET", `/v2/batch/operations/${first.id}/result`, { key })).json.results;
    const b = (await call("GET", `/v2/batch/operations/${second.id}/result`, { key })).json.results;
    expect(a.map((r: any) => r.result.status)).toEqual(["created", "created", "created"]);
    expect(b.map((r: any) => r.result.status)).toEqual(["updated", "updated", "updated"]);
    expect(b.map((r: any) => r.result.contact_id)).toEqual(a.map((r: any) => r.result.contact_id));
  });

  it("finishes failed, with an errors_url, when every row fails", async () => {
    const { key } = await newProject();
    const res = await createBatch(key, { operation: "contacts.upsert", source: { kind: "inline", rows: [{ email: "x" }, 42, null] } });
    const batch = await waitForTerminal(key, res.json.id);
    expect(batch).toMatchObject({ status: "failed", progress: { rows_failed: 3, rows_succeeded: 0 }, result_url: null });
    expect(batch.errors_url).not.toBeNull();
    const errors = (await call("GET", `/v2/batch/operations/${batch.id}/errors`, { key })).json.errors;
    expect(errors.map((e: any) => [e.row_number, e.errors[0].code])).toEqual([
      [1, "validation_failed"],
      [2, "invalid_row"],
      [3, "invalid_row"],
    ]);
  });

  it("succeeds at once with zero rows", async () => {
    const { key } = await newProject();
    const res = await createBatch(key, { operation: "echo", source: { kind: "inline", rows: [] } });
    const batch = await waitForTerminal(key, res.json.id);
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_total: 0, rows_processed: 0 }, errors_url: null });
    expect(batch.result_url).not.toBeNull();
  });

  it("echo returns each row as its result", async () => {
    const { key } = await newProject();
    const rows = [{ a: 1, nested: { b: [1, 2] } }, { unique_id: 9 }];
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "inline", rows } })).json.id);
    expect(batch.status).toBe("succeeded");
    const results = (await call("GET", `/v2/batch/operations/${batch.id}/result`, { key })).json.results;
    expect(results).toEqual([
      { row_number: 1, source_identifier: null, result: rows[0] },
      { row_number: 2, source_identifier: "9", result: rows[1] },
    ]);
  });

  it("sends chunks too big for a queue message through R2 and still processes every row", async () => {
    const { key } = await newProject();
    const rows = Array.from({ length: 3 }, (_, i) => ({ unique_id: `big-${i}`, blob: "x".repeat(150_000) }));
    const { json } = await createBatch(key, { operation: "echo", source: { kind: "inline", rows } });
    const batch = await waitForTerminal(key, json.id);
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_succeeded: 3 } });
    const payloads = await env.BUCKET.list({ prefix: `batches/${json.id}/chunks/` });
    expect(payloads.objects.length).toBeGreaterThan(0);
    const results = (await call("GET", `/v2/batch/operations/${json.id}/result`, { key })).json.results;
    expect(results.map((r: any) => r.result.blob.length)).toEqual([150_000, 150_000, 150_000]);
  });
});
