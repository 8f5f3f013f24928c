import { z } from "zod";
import { decodeCursor, encodeCursor } from "./cursor";

/** The cursor of newest-first lists: the last item's creation time and id. */
const CreatedCursor = z.object({ created_at: z.string(), id: z.string() });

export function decodeCreatedCursor(cursor: string | undefined): { createdAt: string; id: string } | undefined {
  const after = decodeCursor(CreatedCursor, cursor);
  return after && { createdAt: after.created_at, id: after.id };
}

/** Splits `limit + 1` fetched rows into the page and the cursor for the next one (null on the last page). */
export function pageOf<T extends { createdAt: string; id: string }>(rows: T[], limit: number): { page: T[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, next_cursor: rows.length > limit && last ? encodeCursor({ created_at: last.createdAt, id: last.id }) : null };
}
