/**
 * The batch object's own SQLite schema, as an append-only list: never edit a
 * shipped entry, add a new one. See docs/storage.md.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE batch (id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL, version INTEGER NOT NULL, mirrored_version INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE chunks (
     chunk_index INTEGER PRIMARY KEY,
     first_row_number INTEGER NOT NULL,
     row_count INTEGER NOT NULL,
     bytes INTEGER NOT NULL,
     payload TEXT,
     range_key TEXT,
     range_offset INTEGER,
     range_length INTEGER,
     enqueued_at TEXT,
     sends INTEGER NOT NULL DEFAULT 0,
     done_at TEXT,
     rows_succeeded INTEGER,
     rows_failed INTEGER,
     -- unused since error reports are named by D1's chunk_results
     has_error_report INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX chunks_pending ON chunks (done_at);
   CREATE TABLE row_keys (key TEXT PRIMARY KEY, row_number INTEGER NOT NULL, result TEXT NOT NULL);
   CREATE TABLE ingest (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     location TEXT NOT NULL,
     format TEXT NOT NULL,
     size INTEGER,
     ranges INTEGER,
     offset INTEGER NOT NULL DEFAULT 0,
     rows INTEGER NOT NULL DEFAULT 0,
     header TEXT,
     done INTEGER NOT NULL DEFAULT 0
   );`,
  // Replays: chunks of picked rows keep their rows' original numbers, and the
  // replay cursor walks the parent's chunk ledger.
  `ALTER TABLE chunks ADD COLUMN encoding TEXT NOT NULL DEFAULT 'values';
   ALTER TABLE chunks ADD COLUMN original_rows TEXT;
   CREATE TABLE replay (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     parent_batch_id TEXT NOT NULL,
     only TEXT NOT NULL,
     next_parent_chunk INTEGER NOT NULL DEFAULT 0,
     next_row INTEGER NOT NULL DEFAULT 1,
     done INTEGER NOT NULL DEFAULT 0
   );`,
  // Chunk leases (src/domain/chunk-lease.ts): who holds a chunk since when,
  // how many consumers held it, how long it took; the watchdog's own state;
  // while ingestion skips a row too large to read, where its scan stands; and
  // the version of this service's own object the batch reads (its etag).
  `ALTER TABLE chunks ADD COLUMN granted_ms INTEGER;
   ALTER TABLE chunks ADD COLUMN holder TEXT;
   ALTER TABLE chunks ADD COLUMN holders INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE chunks ADD COLUMN took_ms INTEGER;
   CREATE TABLE watchdog (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     last_activity_ms INTEGER,
     alarm_failures INTEGER NOT NULL DEFAULT 0,
     last_error TEXT
   );
   INSERT INTO watchdog (id) VALUES (1);
   ALTER TABLE ingest ADD COLUMN skip_state TEXT;
   ALTER TABLE ingest ADD COLUMN etag TEXT;`,
  // Unsent chunks by index: without it each send scanned every chunk sent before (quadratic over a batch).
  `CREATE INDEX chunks_unsent ON chunks (chunk_index) WHERE enqueued_at IS NULL;`,
  // Webhook events, written in the transaction that makes them and sent to the queue after it.
  `CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, at_ms INTEGER NOT NULL, body TEXT NOT NULL, sent INTEGER NOT NULL DEFAULT 0);
   CREATE INDEX events_unsent ON events (seq) WHERE sent = 0;`,
  // The last progress event, looked up on every chunk report: without it, a scan of every event.
  `CREATE INDEX events_by_type ON events (type, at_ms);`,
  // A row's chunk, for errors.csv (src/results/errors-csv-export.ts): without it, a scan of every chunk per row.
  `CREATE INDEX chunks_by_first_row ON chunks (first_row_number);`,
  // max_rows_per_second: the start reserved for the last chunk sent (src/durable/send-pacing.ts).
  `CREATE TABLE throttle (id INTEGER PRIMARY KEY CHECK (id = 1), cursor_ms INTEGER NOT NULL);`,
];

/** Brings the object's SQLite up to date; synchronous, so safe in the constructor. */
export function migrate(sql: SqlStorage): void {
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY)");
  const applied = sql.exec<{ v: number | null }>("SELECT max(version) AS v FROM _migrations").one().v ?? 0;
  MIGRATIONS.slice(applied).forEach((statement, i) => {
    sql.exec(statement);
    sql.exec("INSERT INTO _migrations (version) VALUES (?)", applied + i + 1);
  });
}
