import { z } from "zod";
import { ApiError } from "./errors";

/** Opaque page cursors: base64url JSON, validated on the way back in. */
export function encodeCursor(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor<T>(schema: z.ZodType<T>, cursor: string | undefined): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    return schema.parse(JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/"))));
  } catch {
    throw new ApiError(422, "validation_failed", "Invalid cursor", [{ field: "cursor", message: "Not a cursor this API returned", code: "invalid_cursor" }]);
  }
}

export const RowCursor = z.object({ after_row: z.number().int().nonnegative() });
