import { leaseMs, mayGrant, staleChunks, type LeaseAction, type LeasePolicy, type OpenChunk } from "../domain/chunk-lease";

/** Finished chunks whose durations set the lease. */
const RECENT_CHUNKS = 20;

export type Grant = "granted" | "missing" | "done" | "leased";

/**
 * The batch object's side of chunk leases (policy in src/domain/chunk-lease.ts),
 * over its `chunks` and `watchdog` tables. Call inside a transaction.
 */
export class ChunkLeases {
  constructor(
    private readonly sql: SqlStorage,
    private readonly policy: LeasePolicy,
  ) {}

  /** The lease a grant gets now: a multiple of the slowest recent chunk, within the policy's bounds. */
  leaseMs(): number {
    const took = this.sql
      .exec<{ took_ms: number }>("SELECT took_ms FROM chunks WHERE done_at IS NOT NULL AND took_ms IS NOT NULL ORDER BY done_at DESC LIMIT ?", RECENT_CHUNKS)
      .toArray()
      .map((r) => r.took_ms);
    return leaseMs(took, this.policy);
  }

  /** Grants the chunk to `holder` (a message id) unless it is done or another holder's lease still runs. */
  grant(chunkIndex: number, holder: string, nowMs: number): Grant {
    const chunk = this.sql
      .exec<{ done_at: string | null; granted_ms: number | null; holder: string | null }>("SELECT done_at, granted_ms, holder FROM chunks WHERE chunk_index = ?", chunkIndex)
      .toArray()[0];
    if (!chunk) return "missing";
    if (chunk.done_at !== null) return "done";
    if (!mayGrant({ grantedMs: chunk.granted_ms, holder: chunk.holder }, { nowMs, leaseMs: this.leaseMs(), holder })) return "leased";
    this.sql.exec(
      "UPDATE chunks SET granted_ms = ?, holders = holders + (CASE WHEN holder IS ? THEN 0 ELSE 1 END), holder = ? WHERE chunk_index = ?",
      nowMs, holder, holder, chunkIndex,
    );
    this.touch(nowMs);
    return "granted";
  }

  /** Notes that a chunk was reported: how long its holder took, and that the batch is moving. */
  reported(chunkIndex: number, nowMs: number): void {
    this.sql.exec("UPDATE chunks SET took_ms = ? - granted_ms WHERE chunk_index = ? AND granted_ms IS NOT NULL", nowMs, chunkIndex);
    this.touch(nowMs);
  }

  /** Open chunks to send again or to give up on now. */
  stale(nowMs: number): LeaseAction {
    const open = this.sql
      .exec<{ chunk_index: number; enqueued_at: string; sends: number; granted_ms: number | null; holders: number }>(
        "SELECT chunk_index, enqueued_at, sends, granted_ms, holders FROM chunks WHERE done_at IS NULL AND enqueued_at IS NOT NULL",
      )
      .toArray()
      .map((c): OpenChunk => ({ chunkIndex: c.chunk_index, sentMs: Date.parse(c.enqueued_at), sends: c.sends, grantedMs: c.granted_ms, holders: c.holders }));
    if (open.length === 0) return { resend: [], deadLetter: [] };
    const lastActivityMs = this.sql.exec<{ t: number | null }>("SELECT last_activity_ms AS t FROM watchdog WHERE id = 1").one().t;
    return staleChunks(open, { nowMs, leaseMs: this.leaseMs(), lastActivityMs }, this.policy);
  }

  /** Marks chunks to be sent again: no holder, not sent. */
  release(chunkIndexes: readonly number[]): void {
    for (const i of chunkIndexes) this.sql.exec("UPDATE chunks SET enqueued_at = NULL, granted_ms = NULL, holder = NULL WHERE chunk_index = ?", i);
  }

  private touch(nowMs: number): void {
    this.sql.exec("UPDATE watchdog SET last_activity_ms = max(coalesce(last_activity_ms, 0), ?) WHERE id = 1", nowMs);
  }
}
