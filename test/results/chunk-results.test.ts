import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sampleBucket, sampleThreshold } from "../../src/domain/sampling";
import { newId } from "../../src/lib/ids";
import type { RowOutcome, StoredRow } from "../../src/results/outcome";
import { downloadSegments, segmentJsonl } from "../../src/results/download";
import { failedRowNumbersIn, firstRows, outcomesOf, storedRows, type RowsQuery } from "../../src/results/read-rows";
import { resultLine } from "../../src/results/report-lines";
import { bodyJson, compressSection, sectionJson } from "../../src/results/section";
import { INLINE_SECTION_MAX_BYTES, storeChunkOutcomes, type ChunkPlace } from "../../src/results/store-chunk";
import { resultStoresOf } from "../../src/results/stores";

const stores = resultStoresOf(env);
const newBatchId = () => newId("bat");

/** Row n succeeds with {n} unless `failing(n)`; then it fails with one error naming it. */
function outcomesFor(first: number, count: number, failing: (n: number) => boolean = () => false): RowOutcome[] {
  return Array.from({ length: count }, (_, i) => {
    const n = first + i;
    return failing(n)
      ? { rowNumber: n, originalRowNumber: null, sourceIdentifier: `u${n}`, status: "failed", body: [{ code: "invalid", message: `row ${n}` }] }
      : { rowNumber: n, originalRowNumber: null, sourceIdentifier: `u${n}`, status: "succeeded", body: { n } };
  });
}

/** Stores a batch of `chunks` chunks of `size` rows through the real writer. */
async function storeBatch(batchId: string, chunks: number, size: number, failing?: (n: number) => boolean) {
  for (let c = 0; c < chunks; c++) {
    const place: ChunkPlace = { batchId, chunkIndex: c, firstRow: c * size + 1, rowCount: size, delivery: `d${c}` };
    await storeChunkOutcomes(stores, place, outcomesFor(place.firstRow, size, failing));
  }
}

async function allRows(q: RowsQuery): Promise<StoredRow[]> {
  const out: StoredRow[] = [];
  for await (const step of storedRows(stores, q)) out.push(...step);
  return out;
}

/** Pages of `limit` through the rows, each starting after the last row of the one before, as the API's cursors do. */
async function pagedRows(q: Omit<RowsQuery, "afterRow">, limit: number): Promise<StoredRow[][]> {
  const pages: StoredRow[][] = [];
  for (let after = 0; ; ) {
    const page = await firstRows(storedRows(stores, { ...q, afterRow: after }), limit);
    if (page.length === 0) return pages;
    pages.push(page);
    after = page.at(-1)!.rowNumber;
  }
}

const rowNumbers = (rows: StoredRow[]) => rows.map((r) => r.rowNumber);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const objectsUnder = async (prefix: string) => (await env.BUCKET.list({ prefix })).objects.map((o) => o.key);

describe("per-chunk result storage", () => {
  it("stores one D1 row per chunk, whatever its row count (0, 1, many)", async () => {
    const batchId = newBatchId();
    await storeChunkOutcomes(stores, { batchId, chunkIndex: 0, firstRow: 1, rowCount: 1, delivery: "a" }, outcomesFor(1, 1));
    await storeChunkOutcomes(stores, { batchId, chunkIndex: 1, firstRow: 2, rowCount: 500, delivery: "a" }, outcomesFor(2, 500, (n) => n % 7 === 0));
    const rows = await env.DB.prepare("SELECT first_row, last_row, succeeded, failed FROM chunk_results WHERE batch_id = ? ORDER BY last_row").bind(batchId).all();
    expect(rows.results).toEqual([
      { first_row: 1, last_row: 1, succeeded: 1, failed: 0 },
      { first_row: 2, last_row: 501, succeeded: 429, failed: 71 },
    ]);
    expect(rowNumbers(await allRows({ batchId: newBatchId(), kind: "results", afterRow: 0 }))).toEqual([]);
  });

  it("keeps a section of up to INLINE_SECTION_MAX_BYTES in D1 and a larger one in R2, read back alike", async () => {
    // One row whose result is a prefix of pseudo-random hex (fixed seed): each more character adds
    // about half a byte, now and then a whole one or two, so a few key names are tried until each size is hit.
    let seed = 42;
    const noise = Array.from({ length: 4000 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16) % 16).map((d) => d.toString(16)).join("");
    const rowsOf = (key: string, length: number): RowOutcome[] => [{ rowNumber: 1, originalRowNumber: null, sourceIdentifier: "u1", status: "succeeded", body: { [key]: noise.slice(0, length) } }];
    const sized = new Map<number, RowOutcome[]>();
    for (const key of ["s", "tt", "uuu", "vvvv", "wwwww"]) {
      for (let length = 1; length < noise.length && sized.size < 3; length++) {
        const rows = rowsOf(key, length);
        const bytes = compressSection(sectionJson(1, rows, rows.map((r) => bodyJson(r.body)))).byteLength;
        if (bytes >= INLINE_SECTION_MAX_BYTES - 1 && bytes <= INLINE_SECTION_MAX_BYTES + 1 && !sized.has(bytes)) sized.set(bytes, rows);
        if (bytes > INLINE_SECTION_MAX_BYTES + 1) break;
      }
    }
    expect([...sized.keys()].sort()).toEqual([INLINE_SECTION_MAX_BYTES - 1, INLINE_SECTION_MAX_BYTES, INLINE_SECTION_MAX_BYTES + 1].sort());
    for (const [bytes, rows] of sized) {
      const batchId = newBatchId();
      await storeChunkOutcomes(stores, { batchId, chunkIndex: 0, firstRow: 1, rowCount: rows.length, delivery: "a" }, rows);
      const stored = await env.DB.prepare("SELECT length(results) AS inline FROM chunk_results WHERE batch_id = ?").bind(batchId).first<{ inline: number | null }>();
      const inR2 = await objectsUnder(`batches/${batchId}/results/`);
      if (bytes <= INLINE_SECTION_MAX_BYTES) expect({ stored, inR2 }).toEqual({ stored: { inline: bytes }, inR2: [] });
      else expect({ stored, inR2 }).toEqual({ stored: { inline: null }, inR2: [`batches/${batchId}/results/00000000-a.br`] });
      expect(await allRows({ batchId, kind: "results", afterRow: 0 })).toEqual(rows.map(({ status: _, ...r }) => r));
    }
  });

  it("writes an error report for every chunk with failures, and none for a chunk without", async () => {
    const batchId = newBatchId();
    await storeBatch(batchId, 3, 10, (n) => n <= 10 || n === 25);
    expect(await objectsUnder(`batches/${batchId}/errors/`)).toEqual([`batches/${batchId}/errors/00000000-d0.jsonl`, `batches/${batchId}/errors/00000002-d2.jsonl`]);
    const report = await (await env.BUCKET.get(`batches/${batchId}/errors/00000002-d2.jsonl`))!.text();
    expect(report).toBe(`{"row_number":25,"source_identifier":"u25","errors":[{"code":"invalid","message":"row 25"}]}\n`);
  });

  it("a chunk stored again keeps the first delivery's outcome, answers it, and leaves none of its own objects behind", async () => {
    const batchId = newBatchId();
    const place = { batchId, chunkIndex: 4, firstRow: 41, rowCount: 600 };
    // Big enough to put both sections in R2.
    const first = await storeChunkOutcomes(stores, { ...place, delivery: "first" }, outcomesFor(41, 600, (n) => n % 2 === 0));
    const again = await storeChunkOutcomes(stores, { ...place, delivery: "again" }, outcomesFor(41, 600, (n) => n % 3 === 0));
    expect(first).toMatchObject({ succeeded: 300, r2Writes: 2 });
    expect(again.succeeded).toBe(300);
    expect(rowNumbers(again.failures)).toEqual(rowNumbers(first.failures));
    expect(await objectsUnder(`batches/${batchId}/`)).toEqual([`batches/${batchId}/errors/00000004-first.jsonl`, `batches/${batchId}/results/00000004-first.br`]);
    expect(rowNumbers(await allRows({ batchId, kind: "errors", afterRow: 0 }))).toEqual(range(41, 640).filter((n) => n % 2 === 0));
  });

  it("pages in row order across chunk boundaries, from a cursor in the middle of a chunk", async () => {
    const batchId = newBatchId();
    await storeBatch(batchId, 5, 10, (n) => n % 4 === 0); // rows 1..50, every 4th failed
    const succeeded = range(1, 50).filter((n) => n % 4 !== 0);
    const failed = range(1, 50).filter((n) => n % 4 === 0);
    // A page that starts mid-chunk (after row 13) and ends mid-chunk three chunks on.
    expect(rowNumbers(await firstRows(storedRows(stores, { batchId, kind: "results", afterRow: 13 }), 20))).toEqual(succeeded.filter((n) => n > 13).slice(0, 20));
    for (const limit of [1, 7, 8, 37, 38, 39, 100]) {
      const pages = await pagedRows({ batchId, kind: "results" }, limit);
      expect(pages.flat().map((r) => r.rowNumber)).toEqual(succeeded);
      expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
    }
    expect(rowNumbers((await pagedRows({ batchId, kind: "errors" }, 3)).flat())).toEqual(failed);
    const twelve = (await allRows({ batchId, kind: "errors", afterRow: 0 })).find((r) => r.rowNumber === 12);
    expect(twelve).toEqual({ rowNumber: 12, originalRowNumber: null, sourceIdentifier: "u12", body: [{ code: "invalid", message: "row 12" }] });
  });

  it("samples past 10,000 failures: the same rows on every call and every page size, all of them with a bucket below the threshold", async () => {
    const batchId = newBatchId();
    await storeBatch(batchId, 26, 500, () => true); // 13,000 failures
    const threshold = sampleThreshold(13_000)!;
    const expected = range(1, 13_000).filter((n) => sampleBucket(n) < threshold);
    const sample = rowNumbers(await allRows({ batchId, kind: "errors", afterRow: 0, belowBucket: threshold }));
    expect(sample).toEqual(expected);
    expect(sample.length).toBeGreaterThan(9_000);
    expect(sample.length).toBeLessThan(11_000);
    expect(rowNumbers((await pagedRows({ batchId, kind: "errors", belowBucket: threshold }, 1000)).flat())).toEqual(expected);
  });

  it("skips chunks that hold no sampled failure", async () => {
    const batchId = newBatchId();
    // One failure per 10-row chunk; a threshold that keeps only some of them.
    await storeBatch(batchId, 40, 10, (n) => n % 10 === 5);
    const threshold = 300_000;
    const expected = range(1, 400).filter((n) => n % 10 === 5 && sampleBucket(n) < threshold);
    expect(expected.length).toBeGreaterThan(0);
    expect(rowNumbers(await allRows({ batchId, kind: "errors", afterRow: 0, belowBucket: threshold }))).toEqual(expected);
  });

  it("reads rows stored the first way (one D1 row each) and merges them with chunk rows in row order", async () => {
    const batchId = newBatchId();
    // Rows 1..1200 stored the first way (more than one legacy step), rows 1201..1300 per chunk.
    await env.DB.prepare(
      `INSERT INTO row_results (batch_id, row_number, source_identifier, status, body, sample_bucket, original_row_number)
       SELECT ?1, value, 'u' || value, CASE WHEN value % 5 = 0 THEN 'failed' ELSE 'succeeded' END,
         CASE WHEN value % 5 = 0 THEN json_array(json_object('code', 'invalid', 'message', 'row ' || value)) ELSE json_object('n', value) END, 0, NULL
       FROM json_each(?2)`,
    )
      .bind(batchId, JSON.stringify(range(1, 1200)))
      .run();
    for (let c = 0; c < 10; c++) {
      await storeChunkOutcomes(stores, { batchId, chunkIndex: c, firstRow: 1201 + c * 10, rowCount: 10, delivery: "a" }, outcomesFor(1201 + c * 10, 10, (n) => n % 5 === 0));
    }
    const all = await allRows({ batchId, kind: "results", afterRow: 0 });
    expect(rowNumbers(all)).toEqual(range(1, 1300).filter((n) => n % 5 !== 0));
    expect(all[0]).toEqual({ rowNumber: 1, originalRowNumber: null, sourceIdentifier: "u1", body: { n: 1 } });
    expect(rowNumbers((await pagedRows({ batchId, kind: "errors" }, 77)).flat())).toEqual(range(1, 1300).filter((n) => n % 5 === 0));
    expect([...(await failedRowNumbersIn(stores, batchId, [{ first: 1191, last: 1210 }]))]).toEqual([1195, 1200, 1205, 1210]);
  });

  it("answers outcomes by row and failed rows by range", async () => {
    const batchId = newBatchId();
    await storeBatch(batchId, 3, 10, (n) => n === 3 || n === 17);
    const outcomes = await outcomesOf(stores, batchId, [2, 3, 17, 30]);
    expect(outcomes.get(2)).toEqual({ status: "succeeded", body: { n: 2 } });
    expect(outcomes.get(17)).toEqual({ status: "failed", body: [{ code: "invalid", message: "row 17" }] });
    expect(outcomes.get(31)).toBeUndefined();
    expect([...(await failedRowNumbersIn(stores, batchId, [{ first: 1, last: 10 }, { first: 21, last: 30 }]))]).toEqual([3]);
    expect([...(await failedRowNumbersIn(stores, batchId, []))]).toEqual([]);
  });
});

describe("downloads in segments", () => {
  const bounds = async (batchId: string, kind: "results" | "errors", per: number) => (await downloadSegments(env.DB, batchId, kind, per)).map((s) => [s.afterRow, s.throughRow]);

  it("cuts after every n-th chunk holding rows of the kind, the last segment open-ended", async () => {
    const batchId = newBatchId();
    await storeBatch(batchId, 7, 10, (n) => n > 40); // chunks end at 10..70: the first four all succeed, the last three all fail
    expect(await bounds(batchId, "results", 1)).toEqual([[0, 10], [10, 20], [20, 30], [30, 40], [40, null]]);
    expect(await bounds(batchId, "results", 3)).toEqual([[0, 30], [30, null]]);
    expect(await bounds(batchId, "results", 4)).toEqual([[0, 40], [40, null]]);
    expect(await bounds(batchId, "results", 5)).toEqual([[0, null]]);
    expect(await bounds(batchId, "errors", 2)).toEqual([[0, 60], [60, null]]);
    expect(await bounds(newBatchId(), "results", 3)).toEqual([[0, null]]);
  });

  it("serves the same rows as one read, segment by segment", async () => {
    const batchId = newBatchId();
    await storeBatch(batchId, 7, 10, (n) => n % 3 === 0);
    const text = async (kind: "results" | "errors", per: number) => {
      let out = "";
      for (const segment of await downloadSegments(env.DB, batchId, kind, per)) out += await new Response(segmentJsonl(stores, batchId, kind, segment)).text();
      return out;
    };
    const whole = (await allRows({ batchId, kind: "results", afterRow: 0 })).map((r) => resultLine(r)).join("");
    for (const per of [1, 2, 3, 7, 100]) expect(await text("results", per)).toBe(whole);
    expect((await text("errors", 2)).trim().split("\n").map((l) => JSON.parse(l).row_number)).toEqual(range(1, 70).filter((n) => n % 3 === 0));
  });
});
