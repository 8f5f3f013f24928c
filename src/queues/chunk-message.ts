import { z } from "zod";
import { OPERATION_KINDS } from "../operations/registry";

/**
 * One queue message per chunk. Rows travel inline when small; otherwise they
 * sit in R2 under `rows_key` (a queue message holds at most 128 KB).
 */
export const ChunkMessage = z
  .object({
    batch_id: z.string(),
    operation: z.enum(OPERATION_KINDS),
    chunk_index: z.number().int().nonnegative(),
    first_row_number: z.number().int().positive(),
    row_count: z.number().int().nonnegative(),
    rows: z.array(z.unknown()).optional(),
    rows_key: z.string().optional(),
  })
  .refine((m) => (m.rows === undefined) !== (m.rows_key === undefined), "exactly one of rows and rows_key");
export type ChunkMessage = z.infer<typeof ChunkMessage>;

/** Rows up to this many bytes ride inside the message. */
export const INLINE_ROWS_MAX_BYTES = 100_000;
