import type { z } from "zod";

import type { RowError } from "../domain/parse-rows";

export type { RowError };

export type RowOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; errors: RowError[] };

export type OperationContext<P> = {
  db: D1Database;
  projectId: string;
  batchId: string;
  params: P;
  /** ISO-8601; passed in so handlers never read the clock themselves */
  now: string;
  newId: (prefix: string) => string;
};

/** One row that passed the operation's row schema. */
export type ValidRow<R> = { rowNumber: number; row: R };

/**
 * An operation handler. `handle` gets a whole chunk of valid rows at once and
 * returns one outcome per row, in the same order. It throws only for
 * transient trouble (the chunk is retried with backoff); a row that can never
 * succeed is a `{ ok: false }` outcome.
 */
export interface Operation<P = unknown, R = unknown> {
  kind: string;
  summary: string;
  params: z.ZodType<P>;
  row: z.ZodType<R>;
  /** A row this operation accepts, for docs and the shared contract test. */
  exampleRow: Record<string, unknown>;
  /** The row's per-row idempotency key, when the operation supports one. */
  rowKey?: (row: R) => string | undefined;
  handle(rows: ValidRow<R>[], ctx: OperationContext<P>): Promise<RowOutcome[]>;
}
