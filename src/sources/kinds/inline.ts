import { z } from "@hono/zod-openapi";
import { ok } from "../../domain/result";
import type { SourceKind } from "../source-kind";

/** Largest inline source, in rows. */
export const INLINE_MAX_ROWS = 1000;

const InlineSource = z
  .object({
    kind: z.literal("inline"),
    // A row over 1 MiB (its JSON) becomes a `row_too_large` row error; the batch goes on.
    rows: z
      .array(z.unknown())
      .max(INLINE_MAX_ROWS, `An inline source holds at most ${INLINE_MAX_ROWS} rows; use signed_url, s3 or sftp for more`),
  })
  .openapi("InlineSource", { example: { kind: "inline", rows: [{ email: "ada@example.com", name: "Ada", unique_id: "c-1" }] } });

/** The rows are kept in the batch's chunks; the record and the API show only how many. */
const InlineStored = z.object({ kind: z.literal("inline"), row_count: z.number().int() });

/** Rows in the request itself: nothing to read, nothing to resolve. */
export const inlineSource = {
  request: InlineSource,
  stored: InlineStored,
  view: InlineStored,
  resolve: async (source) => ok({ source: { kind: "inline" as const, row_count: source.rows.length }, input: { rows: source.rows } }),
} satisfies SourceKind<typeof InlineSource, typeof InlineStored, never>;
