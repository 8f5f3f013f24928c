// The floor of the work: one Node process parses the CSV with papaparse and
// writes one result row per data row into SQLite, in one transaction.
import { createReadStream } from "node:fs";
import Database from "better-sqlite3";
import Papa from "papaparse";

export async function runBaseline(path) {
  const started = performance.now();
  const db = new Database(":memory:");
  db.exec("CREATE TABLE row_results (row_number INTEGER PRIMARY KEY, source_identifier TEXT, status TEXT, body TEXT)");
  const insert = db.prepare("INSERT INTO row_results VALUES (?, ?, ?, ?)");
  let rows = 0;
  db.exec("BEGIN");
  await new Promise((resolve, reject) => {
    Papa.parse(createReadStream(path), {
      header: true,
      skipEmptyLines: true,
      step: ({ data }) => {
        rows++;
        insert.run(rows, data.unique_id, "succeeded", JSON.stringify(data));
      },
      complete: resolve,
      error: reject,
    });
  });
  db.exec("COMMIT");
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { rows, seconds, rows_per_s: rows / seconds };
}

/** papaparse alone over the file: the parse floor for ingestion MB/s. */
export async function runParseOnly(path, bytes) {
  const started = performance.now();
  let rows = 0;
  await new Promise((resolve, reject) => {
    Papa.parse(createReadStream(path), { skipEmptyLines: true, step: () => rows++, complete: resolve, error: reject });
  });
  const seconds = (performance.now() - started) / 1000;
  return { rows, seconds, mb_per_s: bytes / 1e6 / seconds };
}
