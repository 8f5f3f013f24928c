/**
 * Chunk leases: how long a consumer may hold a chunk, and when the batch's
 * watchdog sends a chunk again or gives up on it. Pure; times are in ms.
 *
 * A consumer asks the batch object before it runs a chunk and is granted a
 * lease; while it holds it, other deliveries of the chunk are refused. A
 * chunk whose consumer died (no report within the lease) is sent again; one
 * whose message never reached a consumer (lost with a crashed local queue) is
 * sent again once the whole batch has been idle for a lease. The lease follows
 * what chunks really take, so recovery after a crash takes about a minute, not
 * a fixed worst case.
 */
export type LeasePolicy = {
  /** the shortest lease, also the lease before any chunk has finished */
  floorMs: number;
  /** a lease is this many times the slowest recent chunk */
  factor: number;
  /** the longest lease (a consumer invocation's wall time) */
  capMs: number;
  /** consumers that may each start a chunk and die before it goes to the dead-letter queue */
  maxHolders: number;
  /** sends of a chunk no consumer ever started before it goes to the dead-letter queue */
  maxSends: number;
  /** the longest wait for a chunk no consumer has started before it is sent again */
  maxWaitMs: number;
};

export const LEASE_POLICY: LeasePolicy = {
  floorMs: 30_000,
  factor: 4,
  capMs: 15 * 60_000,
  maxHolders: 3,
  maxSends: 8,
  maxWaitMs: 60 * 60_000,
};

/** The lease for the next grant, from how long the slowest of the recently finished chunks took. */
export function leaseMs(recentTookMs: readonly number[], policy: LeasePolicy = LEASE_POLICY): number {
  const slowest = recentTookMs.reduce((a, b) => Math.max(a, b), 0);
  return Math.min(policy.capMs, Math.max(policy.floorMs, policy.factor * slowest));
}

/** What the watchdog knows of a chunk that has been sent and not reported. */
export type OpenChunk = {
  chunkIndex: number;
  /** when it was last sent */
  sentMs: number;
  /** times it was sent */
  sends: number;
  /** when a consumer was last granted it since it was last sent; null: none yet */
  grantedMs: number | null;
  /** distinct consumers (deliveries) granted it so far */
  holders: number;
};

export type LeaseAction = { resend: number[]; deadLetter: number[] };

/**
 * Which open chunks to send again and which to give up on. A granted chunk is
 * stale once its lease is over. A chunk never granted since it was sent is
 * stale once its wait (the lease, doubling with every send, so a long queue
 * backlog costs few duplicates) is over and the batch has seen no chunk start
 * or finish for a lease: while others progress, it is only waiting its turn.
 */
export function staleChunks(
  open: readonly OpenChunk[],
  q: { nowMs: number; leaseMs: number; lastActivityMs: number | null },
  policy: LeasePolicy = LEASE_POLICY,
): LeaseAction {
  const action: LeaseAction = { resend: [], deadLetter: [] };
  const batchIdle = q.lastActivityMs === null || q.nowMs - q.lastActivityMs > q.leaseMs;
  for (const c of open) {
    if (c.grantedMs !== null) {
      if (q.nowMs - c.grantedMs <= q.leaseMs) continue;
      (c.holders >= policy.maxHolders ? action.deadLetter : action.resend).push(c.chunkIndex);
      continue;
    }
    const wait = Math.min(policy.maxWaitMs, q.leaseMs * 2 ** Math.max(0, c.sends - 1));
    if (q.nowMs - c.sentMs <= wait || !batchIdle) continue;
    (c.sends >= policy.maxSends ? action.deadLetter : action.resend).push(c.chunkIndex);
  }
  return action;
}

/** Whether a delivery may start the chunk now: nobody holds it, the lease is over, or it is the holder itself (a retry of the same message). */
export function mayGrant(chunk: { grantedMs: number | null; holder: string | null }, q: { nowMs: number; leaseMs: number; holder: string }): boolean {
  return chunk.grantedMs === null || chunk.holder === q.holder || q.nowMs - chunk.grantedMs > q.leaseMs;
}
