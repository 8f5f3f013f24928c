import { env } from "cloudflare:test";
import type { BatchDurableObject } from "../../src/durable/batch-object";
import type { BatchRecord } from "../../src/durable/batch-record";

/**
 * A batch object whose record a test writes by hand (inside runInDurableObject),
 * so no alarm runs until the test arms one: the test decides what happens when.
 */
export function heldBatch(projectId: string) {
  const objectId = env.BATCH.newUniqueId();
  const batchId = `bat_${objectId.toString()}`;
  const stub = env.BATCH.get(objectId) as DurableObjectStub<BatchDurableObject>;
  const at = new Date(Date.now() - 3600_000).toISOString();
  const record = (over: Partial<BatchRecord>): BatchRecord => ({
    id: batchId,
    project_id: projectId,
    surface: "batch",
    operation: "echo",
    params: {},
    run: { dry_run: false, failure_threshold: null, mapping: null, max_rows_per_second: null },
    source: { kind: "inline", row_count: 0 },
    source_hash: "h",
    idempotency_key: "held",
    created_by: "apikey:test",
    created_at: at,
    parent_batch_id: null,
    status: "running",
    started_at: at,
    completed_at: null,
    progress: { rows_total: null, rows_processed: 0, rows_succeeded: 0, rows_failed: 0 },
    failure: null,
    results_expire_at: null,
    version: 1,
    ...over,
  });
  /** Writes the record into the object's storage; call inside runInDurableObject. */
  const write = (sql: SqlStorage, over: Partial<BatchRecord> = {}) =>
    sql.exec("INSERT INTO batch (id, doc, version) VALUES (1, ?, 1)", JSON.stringify(record(over)));
  return { batchId, stub, write };
}
