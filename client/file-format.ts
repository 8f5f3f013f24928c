import type { SourceFormat } from "./types";

/** A source file's format from its name (`.csv`, `.jsonl`, case-insensitive); null for any other. */
export function formatOfPath(path: string): SourceFormat | null {
  const match = /\.(csv|jsonl)$/i.exec(path);
  return match ? (match[1]!.toLowerCase() as SourceFormat) : null;
}
