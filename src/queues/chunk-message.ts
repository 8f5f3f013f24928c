import { z } from "zod";
import { OPERATION_KINDS, SOURCE_FORMATS } from "../domain/vocabulary";

const RowError = z.object({ code: z.string(), message: z.string(), field: z.string().optional() });

/** A row as a replay carries it: its value, or the errors that kept it from being read. */
export const StoredSourceRow = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), errors: z.array(RowError), sourceIdentifier: z.string().nullable() }),
]);

/**
 * One queue message per chunk. Inline rows travel in the message when small,
 * otherwise in R2 under `rows_key` (a message holds at most 128 KB); rows of
 * a large source never travel: the message names their byte range in R2.
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
    /** how `rows` / the `rows_key` payload holds rows: plain values, or StoredSourceRow (replays keep unreadable rows as such) */
    encoding: z.enum(["values", "source_rows"]).default("values"),
    /** the batch's mapping: source keys renamed before validation (src/domain/run-control.ts) */
    mapping: z.record(z.string(), z.string()).optional(),
    /** replays: each row's number in the first batch of the chain, in row order */
    original_row_numbers: z.array(z.number().int().positive()).optional(),
    /** a byte range of complete records in an R2 object */
    range: z
      .object({
        key: z.string(),
        offset: z.number().int().nonnegative(),
        length: z.number().int().nonnegative(),
        format: z.enum(SOURCE_FORMATS),
        header: z.array(z.string()).nullable(),
        /** a CSV header too big to ride in every message is in R2 here, and `header` is null */
        header_key: z.string().optional(),
        /** the version of the object the batch read: a range of any other version is not its rows */
        etag: z.string().optional(),
      })
      .optional(),
  })
  .refine((m) => [m.rows, m.rows_key, m.range].filter((x) => x !== undefined).length === 1, "exactly one of rows, rows_key and range")
  .refine((m) => m.original_row_numbers === undefined || m.original_row_numbers.length === m.row_count, "one original row number per row");
export type ChunkMessage = z.infer<typeof ChunkMessage>;
export type ChunkMessageInput = z.input<typeof ChunkMessage>;

/** Rows up to this many bytes ride inside the message. */
export const INLINE_ROWS_MAX_BYTES = 100_000;

/** A CSV header up to this many bytes of JSON rides inside each range message; a longer one (up to 64 KB of CSV) is put in R2 once. */
export const INLINE_HEADER_MAX_BYTES = 8_000;
