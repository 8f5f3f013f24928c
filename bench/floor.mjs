#!/usr/bin/env node
// `npm run bench:floor`: the per-row work of an operation without the platform.
// The consumer's own code (parse, validate, handler, result storage, the same
// SQL) runs in one Node process against plain SQLite with the D1 migrations,
// through a small D1-shaped adapter (and R2 as a Map): no workerd, no queue, no batch object.
// It splits each op's time into SQLite and JavaScript, which is what bounds
// how far apart `echo` and `contacts.upsert` can be in the real pipeline.
//   npm run bench:floor -- --rows 200000 [--seed 42] [--shape quoted|plain|wide|narrow]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { z } from "zod";
import { parseCsvHeader, parseRows } from "../src/domain/parse-rows.ts";
import { scanRecords } from "../src/domain/record-scanner.ts";
import { newId } from "../src/lib/ids.ts";
import { prepareChunk, runChunk } from "../src/queues/process-chunk.ts";
import { storeChunkOutcomes } from "../src/results/store-chunk.ts";
import { ensureCsv } from "./generate-csv.mjs";

// Workers cannot eval, so zod runs without its compiled fast path there: here too.
z.config({ jitless: true });

const { values: args } = parseArgs({ options: { rows: { type: "string", default: "200000" }, seed: { type: "string", default: "42" }, shape: { type: "string", default: "quoted" } } });
const rows = Number(args.rows);
const bytes = readFileSync(await ensureCsv(rows, Number(args.seed), () => {}, args.shape));
const decoder = new TextDecoder();
const headerEnd = scanRecords(bytes, "csv", false, { maxRecords: 1 }).consumed;
const header = parseCsvHeader(decoder.decode(bytes.subarray(0, headerEnd)));
// Chunks as the pipeline cuts them: whole records, about 1 MB.
const chunks = [];
for (let start = headerEnd; start < bytes.length; ) {
  const window = bytes.subarray(start, start + 1_000_000);
  const { consumed } = scanRecords(window, "csv", start + window.length >= bytes.length);
  chunks.push(decoder.decode(window.subarray(0, consumed)));
  start += consumed;
}

const figures = {};
for (const op of ["echo", "contacts.upsert"]) figures[op] = await measure(op);
const line = (op, f) =>
  `  ${op.padEnd(16)} ${f.total.toFixed(2).padStart(6)} s  (SQLite ${f.sqlite.toFixed(2)} s, JavaScript ${f.js.toFixed(2)} s)\n` +
  `  ${"".padEnd(16)} results: D1 ${Math.round(f.d1Bytes / f.d1Rows)} B per chunk row with its indexes (pages, over ${f.d1Rows} copies); ` +
  `R2 ${f.r2.objects} objects, ${(f.r2.bytes / rows).toFixed(1)} B per row`;
console.log(`\nfloor: ${rows} rows, shape ${args.shape}, ${chunks.length} chunks, one Node process, plain SQLite (WAL, on disk)`);
for (const [op, f] of Object.entries(figures)) console.log(line(op, f));
console.log(`  contacts.upsert ÷ echo  ${(figures["contacts.upsert"].total / figures.echo.total).toFixed(2)}×\n`);

/** One op over every chunk, on a fresh database: seconds in SQLite, and the rest. */
async function measure(op) {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-floor-"));
  const db = new Database(path.join(dir, "d1.sqlite"));
  db.pragma("journal_mode = WAL");
  for (const file of readdirSync("migrations").filter((f) => f.endsWith(".sql")).sort()) db.exec(readFileSync(`migrations/${file}`, "utf8"));
  const d1 = d1Over(db);
  const r2 = r2InMemory();
  const started = performance.now();
  let firstRow = 1;
  for (const [index, slice] of chunks.entries()) {
    const sourceRows = parseRows(slice, "csv", header);
    const msg = { batch_id: `bat_${"0f".repeat(32)}`, chunk_index: index, operation: op, first_row_number: firstRow, row_count: sourceRows.length };
    const chunk = prepareChunk(msg, sourceRows);
    const results = await runChunk(chunk, { run: true, project_id: "prj_floor", params: {}, dry_run: false, cached: {} }, { db: d1, now: new Date().toISOString(), newId });
    await storeChunkOutcomes({ db: d1, bucket: r2 }, { batchId: msg.batch_id, chunkIndex: index, firstRow, rowCount: sourceRows.length, delivery: "floor" }, results);
    firstRow += sourceRows.length;
  }
  const total = (performance.now() - started) / 1000;
  // D1 bytes per chunk row: the stored rows copied to 20,000 (a few rows would measure page slack), by page.
  const copies = Math.ceil(20_000 / chunks.length);
  db.prepare(
    `WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ?)
     INSERT INTO chunk_results SELECT batch_id, last_row + n * 1000000000, first_row + n * 1000000000, chunk_index, succeeded, failed, sample_min, delivery, results, errors FROM chunk_results, k`,
  ).run(copies - 1);
  const stored = db
    .prepare("SELECT (SELECT count(*) FROM chunk_results) AS rows, (SELECT sum(pgsize) FROM dbstat WHERE name IN ('chunk_results', 'sqlite_autoindex_chunk_results_1', 'chunk_results_failed')) AS bytes")
    .get();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { total, sqlite: d1.sqliteSeconds(), js: total - d1.sqliteSeconds(), d1Rows: stored.rows, d1Bytes: stored.bytes, r2: r2.stored() };
}

/**
 * What the consumer uses of D1, over better-sqlite3: prepared statements with
 * numbered parameters, and `batch` as one transaction, timed.
 */
function d1Over(db) {
  let sqliteMs = 0;
  const prepared = new Map();
  const statement = (sql, params = []) => ({ sql, params, bind: (...values) => statement(sql, values) });
  const run = ({ sql, params }) => {
    if (!prepared.has(sql)) prepared.set(sql, db.prepare(sql));
    const query = prepared.get(sql);
    // better-sqlite3 binds ?1, ?2… from an object keyed by their numbers, plain ? in order.
    const bound = /\?\d/.test(sql) ? [Object.fromEntries(params.map((value, i) => [i + 1, value]))] : params;
    if (query.reader) return { results: query.all(...bound), success: true, meta: { changes: 0 } };
    return { results: [], success: true, meta: { changes: query.run(...bound).changes } };
  };
  return {
    prepare: (sql) => statement(sql),
    async batch(statements) {
      const started = performance.now();
      try {
        return db.transaction(() => statements.map(run))();
      } finally {
        sqliteMs += performance.now() - started;
      }
    },
    sqliteSeconds: () => sqliteMs / 1000,
  };
}

/** What the consumer uses of R2: objects kept in a Map (sections and error reports land here). */
function r2InMemory() {
  const objects = new Map();
  return {
    async put(key, value) {
      objects.set(key, value);
    },
    stored: () => ({ objects: objects.size, bytes: [...objects.values()].reduce((n, v) => n + (typeof v === "string" ? Buffer.byteLength(v) : v.byteLength), 0) }),
    async delete(keys) {
      for (const key of [keys].flat()) objects.delete(key);
    },
  };
}
