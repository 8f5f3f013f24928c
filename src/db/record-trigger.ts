import { groupJsonByBytes, jsonRows } from "./json-param";

/** An item that becomes a run unless the dedup window holds its payload (first occurrences only). */
export type TriggerCandidate = {
  /** 0-based position in the request's items */
  index: number;
  runId: string;
  /** the payload as JSON */
  payload: string;
  /** SHA-256 of the canonical payload; null when the job does not deduplicate */
  hash: string | null;
};

export type TriggerToRecord = {
  batchId: string;
  projectId: string;
  jobId: string;
  createdBy: string;
  /** ISO time of this attempt; the dedup window starts here */
  now: string;
  /** when claims made now expire; null when the job does not deduplicate */
  dedupExpiresAt: string | null;
  itemCount: number;
  requestHash: string;
  candidates: TriggerCandidate[];
};

export type RecordedOperation = {
  id: string;
  projectId: string;
  jobId: string;
  itemCount: number;
  createdCount: number;
  createdBy: string;
  createdAt: string;
  requestHash: string | null;
  /** the batch's completion time, from its D1 mirror */
  finishedAt: string | null;
};

export type RecordedTrigger = {
  operation: RecordedOperation;
  runs: RecordedRun[];
  /** whether the BatchOperation existed before this call (then it wrote nothing) */
  existed: boolean;
  /** whether its batch still waits for its Durable Object's confirmation */
  pending: boolean;
};

export type RecordedRun = {
  id: string;
  rowNumber: number;
  itemIndex: number | null;
  createdAt: string;
  batchStatus: string | null;
};

// Every write below happens only while no BatchOperation has this id: the
// first attempt writes everything, a retry (or a request that reuses the
// Idempotency-Key) writes nothing and reads back what the first one wrote.
// The BatchOperation is written last so the guard holds for every statement.
const FIRST = "NOT EXISTS (SELECT 1 FROM batch_operations WHERE id = ?1)";

const PENDING = `INSERT INTO pending_batches (batch_id, created_at) SELECT ?1, ?2 WHERE ${FIRST} ON CONFLICT DO NOTHING`;

// A hash is claimed when it is new or its last trigger's window is over;
// the claim names the batch, so the runs below see exactly their own claims.
const CLAIM = `
INSERT INTO job_triggers (job_id, payload_hash, triggered_at, expires_at, batch_id)
SELECT ?2, j.value, ?3, ?4, ?1 FROM json_each(?5) AS j WHERE ${FIRST}
ON CONFLICT (job_id, payload_hash) DO UPDATE SET triggered_at = excluded.triggered_at, expires_at = excluded.expires_at, batch_id = excluded.batch_id
WHERE job_triggers.expires_at <= excluded.triggered_at`;

// One statement per group of candidates (one JSON parameter each; D1 binds at
// most 100 parameters and 2 MB per value). Row numbers continue from the runs
// earlier groups inserted, in item order, over the candidates that were kept.
const INSERT_RUNS = `${jsonRows(6)}
INSERT INTO runs (id, project_id, job_id, batch_id, row_number, item_index, payload, created_at)
SELECT r->>'id', ?2, ?3, ?1, (SELECT count(*) FROM runs WHERE batch_id = ?1) + row_number() OVER (ORDER BY r->>'i'), r->>'i', r->>'p', ?4
FROM rows
WHERE ${FIRST}
  AND (?5 = 0 OR EXISTS (SELECT 1 FROM job_triggers t WHERE t.job_id = ?3 AND t.payload_hash = r->>'h' AND t.batch_id = ?1))`;

const INSERT_OPERATION = `
INSERT INTO batch_operations (id, project_id, job_id, item_count, created_count, created_by, created_at, request_hash)
SELECT ?1, ?2, ?3, ?4, (SELECT count(*) FROM runs WHERE batch_id = ?1), ?5, ?6, ?7 WHERE ${FIRST}`;

const READ_OPERATION = `
SELECT o.id, o.project_id, o.job_id, o.item_count, o.created_count, o.created_by, o.created_at, o.request_hash, b.completed_at AS finished_at,
  EXISTS (SELECT 1 FROM pending_batches p WHERE p.batch_id = o.id) AS pending
FROM batch_operations o LEFT JOIN batches b ON b.id = o.id WHERE o.id = ?1`;

const READ_RUNS = `
SELECT r.id, r.row_number, r.item_index, r.created_at, b.status AS batch_status
FROM runs r
LEFT JOIN batches b ON b.id = r.batch_id
WHERE r.batch_id = ?1 ORDER BY r.row_number`;

type OperationRow = {
  id: string;
  project_id: string;
  job_id: string;
  item_count: number;
  created_count: number;
  created_by: string;
  created_at: string;
  request_hash: string | null;
  finished_at: string | null;
  pending: number;
};
type RunRowOut = { id: string; row_number: number; item_index: number | null; created_at: string; batch_status: string | null };

/**
 * Step 1 of a bulk trigger, in one D1 transaction: marks the batch pending,
 * claims the candidates' payload hashes in the job's dedup window, inserts
 * one run per kept candidate (row numbers 1..k in item order) and the
 * BatchOperation, then reads back what is stored under the batch id. When
 * a BatchOperation with this id already exists, nothing is written: the
 * caller compares `requestHash` to tell a retry from a conflicting request.
 * Every statement binds at most 7 parameters, whatever the item count.
 */
export async function recordTrigger(d1: D1Database, t: TriggerToRecord): Promise<RecordedTrigger> {
  const dedup = t.dedupExpiresAt !== null;
  const hashes = t.candidates.flatMap((c) => (c.hash === null ? [] : [c.hash]));
  const insertRuns = d1.prepare(INSERT_RUNS);
  const groups = groupJsonByBytes(t.candidates.map((c) => ({ i: c.index, id: c.runId, p: c.payload, h: c.hash })));
  const results = await d1.batch([
    d1.prepare("SELECT count(*) AS n FROM batch_operations WHERE id = ?1").bind(t.batchId),
    d1.prepare(PENDING).bind(t.batchId, t.now),
    ...(dedup && hashes.length > 0 ? [d1.prepare(CLAIM).bind(t.batchId, t.jobId, t.now, t.dedupExpiresAt, JSON.stringify(hashes))] : []),
    ...groups.map((group) => insertRuns.bind(t.batchId, t.projectId, t.jobId, t.now, dedup ? 1 : 0, group)),
    d1.prepare(INSERT_OPERATION).bind(t.batchId, t.projectId, t.jobId, t.itemCount, t.createdBy, t.now, t.requestHash),
    d1.prepare(READ_OPERATION).bind(t.batchId),
    d1.prepare(READ_RUNS).bind(t.batchId),
  ]);
  const existed = (results[0] as D1Result<{ n: number }>).results[0]!.n > 0;
  const [operation, runs] = results.slice(-2) as [D1Result<OperationRow>, D1Result<RunRowOut>];
  const o = operation.results[0]!;
  return {
    existed,
    pending: o.pending === 1,
    operation: {
      id: o.id,
      projectId: o.project_id,
      jobId: o.job_id,
      itemCount: o.item_count,
      createdCount: o.created_count,
      createdBy: o.created_by,
      createdAt: o.created_at,
      requestHash: o.request_hash,
      finishedAt: o.finished_at,
    },
    runs: runs.results.map((r) => ({
      id: r.id,
      rowNumber: r.row_number,
      itemIndex: r.item_index,
      createdAt: r.created_at,
      batchStatus: r.batch_status,
    })),
  };
}
