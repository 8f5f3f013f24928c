import { z } from "zod";
import { decodeBase64, encodeBase64 } from "../../domain/base64";
import { ApiError } from "./errors";

/** Opaque tokens (page cursors, upload ids): base64url of UTF-8 JSON, validated on the way back in. */
export function encodeCursor(value: unknown): string {
  return encodeBase64(new TextEncoder().encode(JSON.stringify(value))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The value of a token `encodeCursor` made; null for anything else. */
export function decodeOpaque<T>(schema: z.ZodType<T>, token: string): T | null {
  const base64 = token.replace(/-/g, "+").replace(/_/g, "/");
  const bytes = decodeBase64(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="));
  if (!bytes) return null;
  try {
    return schema.parse(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return null;
  }
}

export function decodeCursor<T>(schema: z.ZodType<T>, cursor: string | undefined): T | undefined {
  if (cursor === undefined) return undefined;
  const value = decodeOpaque(schema, cursor);
  if (value === null) {
    throw new ApiError(422, "validation_failed", "Invalid cursor", [{ field: "cursor", message: "Not a cursor this API returned", code: "invalid_cursor" }]);
  }
  return value;
}

export const RowCursor = z.object({ after_row: z.number().int().nonnegative() });
