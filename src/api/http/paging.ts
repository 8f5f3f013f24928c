import { z } from "zod";
import { RowCursor, decodeCursor, encodeCursor } from "./cursor";

/** The cursor of newest-first lists: the last item's creation time and id. */
const CreatedCursor = z.object({ created_at: z.string(), id: z.string() });

export function decodeCreatedCursor(cursor: string | undefined): { createdAt: string; id: string } | undefined {
  const after = decodeCursor(CreatedCursor, cursor);
  return after && { createdAt: after.created_at, id: after.id };
}

/**
 * Splits `limit + 1` fetched rows into the page and the cursor for the next
 * one (null on the last page); `cursorOf` says what of the last row it holds.
 */
export function splitPage<T>(rows: T[], limit: number, cursorOf: (last: T) => unknown): { page: T[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, next_cursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}

/** Newest-first lists: the cursor is the last item's creation time and id. */
export const pageOf = <T extends { createdAt: string; id: string }>(rows: T[], limit: number) =>
  splitPage(rows, limit, (last) => ({ created_at: last.createdAt, id: last.id }));

/** The row after which a row-ordered list (reports, runs) continues. */
export const decodeRowCursor = (cursor: string | undefined): number => decodeCursor(RowCursor, cursor)?.after_row ?? 0;

/** Lists in row order: the cursor is the last row's number. */
export const rowPageOf = <T extends { rowNumber: number }>(rows: T[], limit: number) => splitPage(rows, limit, (last) => ({ after_row: last.rowNumber }));
