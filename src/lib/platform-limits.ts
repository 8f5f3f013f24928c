/**
 * Cloudflare's production limits that this service's code must stay within.
 * Local workerd is more forgiving, so the test setup holds every D1 statement,
 * Durable Object SQL statement and queue send to these same numbers.
 */

/**
 * D1, per statement (also per statement inside `db.batch()`).
 * https://developers.cloudflare.com/d1/platform/limits/
 */
export const D1_LIMITS = {
  /** "Maximum bound parameters per query" */
  boundParameters: 100,
  /** "Maximum SQL statement length", bytes */
  statementBytes: 100_000,
  /** "Maximum string, BLOB or table row size", bytes */
  valueBytes: 2_000_000,
  /** "Maximum arguments per SQL function" */
  functionArguments: 32,
  /** "Maximum number of columns per table" */
  columnsPerTable: 100,
  /** "Queries per Worker invocation" (Workers Paid) */
  queriesPerInvocation: 1000,
  /** "Maximum database size", bytes */
  databaseBytes: 10_000_000_000,
} as const;

/**
 * SQLite-backed Durable Object storage ("SQL storage limits").
 * https://developers.cloudflare.com/durable-objects/platform/limits/
 */
export const DO_SQL_LIMITS = {
  boundParameters: 100,
  statementBytes: 100_000,
  /** "Maximum string, BLOB or table row size": 2 MB */
  valueBytes: 2_000_000,
  functionArguments: 32,
  columnsPerTable: 100,
  /** "Storage per Durable Object": 10 GB */
  objectBytes: 10_000_000_000,
} as const;

/**
 * Cloudflare Queues. 1 KB is 1000 bytes there, and up to ~100 bytes of
 * internal metadata count towards a message's size.
 * https://developers.cloudflare.com/queues/platform/limits/
 */
export const QUEUE_LIMITS = {
  /** "Message size": 128 KB, metadata included */
  messageBytes: 128_000,
  /** the metadata a message carries besides its body */
  messageOverheadBytes: 100,
  /** "Maximum messages per sendBatch call": 100 (or 256 KB in total) */
  sendBatchMessages: 100,
  sendBatchBytes: 256_000,
  /** "delaySeconds (when sending or retrying)": 12 hours */
  maxDelaySeconds: 43_200,
  /** "Message retries" */
  maxRetries: 100,
} as const;

/**
 * Workers, per invocation.
 * https://developers.cloudflare.com/workers/platform/limits/
 */
export const WORKER_LIMITS = {
  /**
   * "Subrequests": calls to Cloudflare services (D1, R2, Durable Objects)
   * count too; 1000 per invocation on the Free plan, 10,000 by default on
   * Paid. The smaller is the one every deployment can rely on.
   */
  serviceSubrequests: 1000,
  /** "CPU time" of a Cron Trigger that runs more often than hourly: 30 s (15 min otherwise) */
  frequentCronCpuMs: 30_000,
  /** "Duration" (wall clock) of a Cron Trigger: 15 min */
  cronDurationMs: 15 * 60_000,
} as const;
