import type { SourceFormat } from "../../domain/vocabulary";

/** The content types this service serves files as: never one an uploader chose. */
export type DownloadType = "text/csv" | "application/x-ndjson";

/**
 * Headers for a file served back (uploaded content, reports): a fixed type,
 * no sniffing, and always a download, never a page rendered on the API's
 * origin, whatever bytes it holds.
 */
export function downloadHeaders(type: DownloadType, filename: string): Record<string, string> {
  return {
    // JSON text is UTF-8 by definition; CSV's default charset is ASCII, so it is named.
    "Content-Type": type === "text/csv" ? "text/csv; charset=utf-8" : type,
    "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
    "X-Content-Type-Options": "nosniff",
  };
}

export const formatType = (format: SourceFormat): DownloadType => (format === "csv" ? "text/csv" : "application/x-ndjson");
