import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CSV_HEADER_MAX_BYTES, ROW_MAX_BYTES } from "../../src/domain/row-limits";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

// The contract's limits, at 0, 1, the limit - 1, the limit and the limit + 1. Test segments are
// 4 KB (vitest.config.ts), so a long row or header spans hundreds of segments.

async function upload(key: string, format: "csv" | "jsonl", body: string) {
  const issued = await call("POST", "/v2/uploads", { key, body: { format } });
  const put = await exports.default.fetch(new Request(issued.json.upload_url, { method: "PUT", body, headers: { "Content-Length": String(new TextEncoder().encode(body).byteLength) } }));
  expect(put.status).toBe(200);
  return issued.json.source;
}

async function outcomes(key: string, id: string) {
  const all: [number, string][] = [];
  for (const what of ["result", "errors"] as const) {
    let cursor: string | null = null;
    do {
      const res = await call("GET", `/v2/batch/operations/${id}/${what}?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, { key });
      for (const r of res.json.results ?? []) all.push([r.row_number, "ok"]);
      for (const e of res.json.errors ?? []) all.push([e.row_number, e.errors[0].code]);
      cursor = res.json.next_cursor;
    } while (cursor);
  }
  return all.sort((a, b) => a[0] - b[0]);
}

/** A CSV record `id,<padding>` whose bytes, without its line ending, number exactly `length`. */
const record = (id: string, length: number) => `${id},${"x".repeat(length - id.length - 1)}`;

describe("row size limit", () => {
  it("reads rows up to 1 MiB and makes longer ones row_too_large row errors, never reading them whole", async () => {
    const { key } = await newProject();
    const csv = [
      "unique_id,data",
      "a,",
      record("b", ROW_MAX_BYTES),
      record("c", ROW_MAX_BYTES + 1),
      record("d", ROW_MAX_BYTES - 1),
      // 3 MiB in one quoted field with newlines, commas and escaped quotes: one row, skipped across ~800 segments.
      `e,"${'many, "" lines\n'.repeat(200_000)}"`,
      "f,1",
    ].join("\r\n");
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: await upload(key, "csv", csv) })).json.id);
    expect(batch).toMatchObject({ status: "partially_failed", progress: { rows_total: 6, rows_processed: 6, rows_succeeded: 4, rows_failed: 2 } });
    expect(await outcomes(key, batch.id)).toEqual([
      [1, "ok"],
      [2, "ok"],
      [3, "row_too_large"],
      [4, "ok"],
      [5, "row_too_large"],
      [6, "ok"],
    ]);
    const results = (await call("GET", `/v2/batch/operations/${batch.id}/result?limit=10`, { key })).json.results;
    expect(results.map((r: any) => [r.result.unique_id, r.result.data?.length ?? 0])).toEqual([
      ["a", 0],
      ["b", ROW_MAX_BYTES - 2],
      ["d", ROW_MAX_BYTES - 2 - 1],
      ["f", 1],
    ]);
  });

  it("does the same for JSONL lines", async () => {
    const { key } = await newProject();
    const line = (id: string, length: number) => {
      const bare = JSON.stringify({ unique_id: id, d: "" });
      return JSON.stringify({ unique_id: id, d: "y".repeat(length - bare.length) });
    };
    const jsonl = [line("a", 1 + 30), line("b", ROW_MAX_BYTES), line("c", ROW_MAX_BYTES + 1)].join("\n") + "\n";
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: await upload(key, "jsonl", jsonl) })).json.id);
    expect(await outcomes(key, batch.id)).toEqual([
      [1, "ok"],
      [2, "ok"],
      [3, "row_too_large"],
    ]);
  });

  it("makes an inline row over 1 MiB of JSON a row error with its unique_id; the batch goes on", async () => {
    const { key } = await newProject();
    const row = (id: string, length: number) => {
      const bare = JSON.stringify({ unique_id: id, d: "" });
      return { unique_id: id, d: "z".repeat(length - bare.length) };
    };
    const rows = [row("i1", ROW_MAX_BYTES), row("i2", ROW_MAX_BYTES + 1), { unique_id: "i3" }];
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "inline", rows } })).json.id);
    expect(batch).toMatchObject({ status: "partially_failed", progress: { rows_total: 3, rows_succeeded: 2, rows_failed: 1 } });
    const errors = (await call("GET", `/v2/batch/operations/${batch.id}/errors`, { key })).json.errors;
    expect(errors).toEqual([expect.objectContaining({ row_number: 2, source_identifier: "i2", errors: [expect.objectContaining({ code: "row_too_large" })] })]);
  });
});

describe("result size", () => {
  it("stores a result too big for a D1 value as a result_too_large row error", async () => {
    const { key } = await newProject();
    // 400 KB of control characters: 2.4 MB once echoed back as JSON (\u0001 each).
    const csv = `unique_id,data\nbig,${"\u0001".repeat(400_000)}\nsmall,1\n`;
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: await upload(key, "csv", csv) })).json.id);
    expect(await outcomes(key, batch.id)).toEqual([
      [1, "result_too_large"],
      [2, "ok"],
    ]);
  });
});

describe("CSV header size limit", () => {
  /** A header line of exactly `length` bytes: unique_id and one long column name. */
  const headerOf = (length: number) => `unique_id,${"h".repeat(length - "unique_id,".length)}`;

  it("reads a header of 1 byte into every row", async () => {
    const { key } = await newProject();
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: await upload(key, "csv", "u\nr1\nr2\n") })).json.id);
    const results = (await call("GET", `/v2/batch/operations/${batch.id}/result`, { key })).json.results;
    expect(results.map((r: any) => r.result)).toEqual([{ u: "r1" }, { u: "r2" }]);
  });

  it.each([
    ["the limit - 1", CSV_HEADER_MAX_BYTES - 1, "\n"],
    ["the limit", CSV_HEADER_MAX_BYTES, "\r\n"],
  ])("reads a header of %s into every row (from R2: too big for each queue message)", async (_what, length, eol) => {
    const { key } = await newProject();
    const header = headerOf(length);
    const long = header.split(",")[1]!;
    const csv = `${header}${eol}r1,v1${eol}r2,v2${eol}`;
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: await upload(key, "csv", csv) })).json.id);
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_total: 2, rows_processed: 2 } });
    const results = (await call("GET", `/v2/batch/operations/${batch.id}/result`, { key })).json.results;
    expect(results.map((r: any) => [r.result.unique_id, r.result[long]])).toEqual([
      ["r1", "v1"],
      ["r2", "v2"],
    ]);
  });

  it("fails the batch with source_unreadable for a header over 64 KiB, reading no row", async () => {
    const { key } = await newProject();
    const csv = `${headerOf(CSV_HEADER_MAX_BYTES + 1)}\nr1,v1\n`;
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: await upload(key, "csv", csv) })).json.id);
    expect(batch).toMatchObject({ status: "failed", failure: { code: "source_unreadable", message: expect.stringContaining("header line is longer than 65536 bytes") }, progress: { rows_processed: 0 } });
  });

  it("fails a CSV with no header (0 bytes) as before", async () => {
    const { key } = await newProject();
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: await upload(key, "csv", "\n\n") })).json.id);
    expect(batch).toMatchObject({ status: "failed", failure: { code: "source_unreadable", message: "The CSV has no header row" } });
  });
});
