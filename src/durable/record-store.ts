import { mirrorBatch, mirrorRowOf } from "../db/batches";
import { openDb } from "../db/client";
import { BatchRecord } from "../domain/batch-record";
import { transition, type BatchEvent, type TransitionError } from "../domain/batch-state";
import { ok, type Result } from "../domain/result";
import { resultsExpireAt } from "../domain/retention-rule";
import { logEvent } from "../lib/log";

/**
 * The batch object's record (the `batch` row), cached between calls: every
 * chunk report reads it several times, and parsing it each time was a tenth
 * of the isolate's time. Writes bump its version; the D1 mirror keeps the
 * highest it was given.
 */
export class RecordStore {
  /** undefined: read it from storage */
  private cached: BatchRecord | null | undefined;
  private readonly sql: SqlStorage;

  /** `onTransition` runs inside the transaction that applied a change of status (webhook events). */
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly onTransition: (before: BatchRecord, after: BatchRecord) => void = () => {},
  ) {
    this.sql = storage.sql;
  }

  load(): BatchRecord | null {
    if (this.cached === undefined) {
      const row = this.sql.exec<{ doc: string }>("SELECT doc FROM batch WHERE id = 1").toArray()[0];
      this.cached = row ? BatchRecord.parse(JSON.parse(row.doc)) : null;
    }
    return this.cached;
  }

  /** Writes the first record; call inside a transaction. */
  insert(record: BatchRecord): void {
    this.sql.exec("INSERT INTO batch (id, doc, version) VALUES (1, ?, ?)", JSON.stringify(record), record.version);
    this.cached = record;
  }

  /** Changes the record and bumps its version; call inside a transaction. */
  update(change: (r: BatchRecord) => BatchRecord): BatchRecord {
    const current = this.load()!;
    const next = { ...change(current), version: current.version + 1 };
    this.sql.exec("UPDATE batch SET doc = ?, version = ? WHERE id = 1", JSON.stringify(next), next.version);
    this.cached = next;
    return next;
  }

  /**
   * Applies an event if the state machine allows it, setting when results
   * expire once the batch ends; call inside a transaction.
   */
  tryApply(event: BatchEvent, retentionDays: number): Result<BatchRecord, TransitionError> {
    const record = this.load()!;
    const next = transition(record, event);
    if (!next.ok) return next;
    const completed = next.value.completed_at;
    const updated = this.update(() => ({ ...next.value, results_expire_at: completed ? resultsExpireAt(completed, retentionDays) : null }));
    this.onTransition(record, updated);
    logEvent("batch.transition", { batch_id: record.id, project_id: record.project_id, from: record.status, to: updated.status, ...updated.progress });
    return ok(updated);
  }

  /** Applies an event the state machine must allow here: a refusal is a bug. Call inside a transaction. */
  apply(event: BatchEvent, retentionDays: number): BatchRecord {
    const applied = this.tryApply(event, retentionDays);
    if (!applied.ok) throw new Error(`batch ${this.load()!.id}: ${applied.error.code} (${applied.error.from} on ${applied.error.event})`);
    return applied.value;
  }

  /** A synchronous transaction; if it throws, its writes are rolled back and so is the cached record. */
  transact<T>(fn: () => T): T {
    try {
      return this.storage.transactionSync(fn);
    } catch (e) {
      this.cached = undefined;
      throw e;
    }
  }

  /** Drops the cached record, so the next load reads storage. */
  forget(): void {
    this.cached = undefined;
  }

  /** Writes the record to its D1 mirror when it changed since the last time. */
  async mirrorTo(d1: D1Database): Promise<void> {
    const row = this.sql.exec<{ version: number; mirrored_version: number }>("SELECT version, mirrored_version FROM batch WHERE id = 1").toArray()[0];
    if (!row || row.version <= row.mirrored_version) return;
    const record = this.load()!;
    await mirrorBatch(openDb(d1), mirrorRowOf(record));
    this.sql.exec("UPDATE batch SET mirrored_version = max(mirrored_version, ?) WHERE id = 1", record.version);
  }
}
