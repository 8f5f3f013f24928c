import { z } from "zod";
import type { Operation } from "./types";
import { AnyObjectRow } from "./validate-rows";

/** Longest pause `delay_ms` allows per chunk. */
const MAX_DELAY_MS = 10_000;

/**
 * Returns each row as its result; the benchmark's baseline operation.
 * `delay_ms` makes each chunk take that long, to watch progress and
 * cancellation on a slow operation.
 */
export const echo = {
  kind: "echo",
  summary: "Returns every row unchanged (after delay_ms per chunk, if given).",
  params: z.object({ delay_ms: z.number().int().min(0).max(MAX_DELAY_MS).optional() }).strict(),
  row: AnyObjectRow,
  exampleRow: { unique_id: "r-1", anything: ["goes"] },
  async handle(rows, ctx) {
    if (ctx.params.delay_ms) await new Promise((resolve) => setTimeout(resolve, ctx.params.delay_ms));
    return rows.map(({ row }) => ({ ok: true, result: row }));
  },
} satisfies Operation<{ delay_ms?: number }, Record<string, unknown>>;
