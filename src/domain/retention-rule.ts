/**
 * How long after each deadline the retention job waits before deleting: a
 * request that passed its check just before the deadline (a replay created
 * as results expire, a batch created from an upload as its URL expires, a
 * bulk trigger between its two steps) has long finished recording what it
 * needs by then.
 */
export const RETENTION_GRACE_MS = 3_600_000;

const DAY_MS = 86_400_000;

/** The times before which each kind of record is due, as ISO strings (the form D1 stores). */
export type RetentionCutoffs = {
  /** a finished batch's results and reports go once it completed before this */
  batchesCompletedBefore: string;
  /**
   * an upload or SFTP file goes once it was retired (its URL expired, or a
   * newer upload replaced it at its path) before this and no batch
   * references it any more: every batch that read it has been purged
   */
  objectsRetiredBefore: string;
  /** a batch still pending since before this is settled by asking its Durable Object */
  pendingCreatedBefore: string;
};

/** The retention rule: what is due at `now` when results are kept `resultDays` days. */
export function retentionCutoffs(now: Date, resultDays: number): RetentionCutoffs {
  const graceAgo = now.getTime() - RETENTION_GRACE_MS;
  return {
    batchesCompletedBefore: new Date(graceAgo - resultDays * DAY_MS).toISOString(),
    objectsRetiredBefore: new Date(graceAgo).toISOString(),
    pendingCreatedBefore: new Date(graceAgo).toISOString(),
  };
}

/** When a batch that completed at `completedAt` has its results and reports purged (its `results_expire_at`). */
export function resultsExpireAt(completedAt: string, resultDays: number): string {
  return new Date(Date.parse(completedAt) + resultDays * DAY_MS).toISOString();
}
