import type { Batch } from "../client/types";
import type { UploadProgress } from "../client/upload-file";

/** 1536 → "1.5 KB"; decimal units, as disks and networks count. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

const percent = (part: number, whole: number) => `${Math.floor((part / whole) * 100)}%`;

/** `upload 1.2 MB / 4.0 MB (30%)` */
export function formatUploadLine({ sentBytes, totalBytes }: UploadProgress): string {
  return `upload ${formatBytes(sentBytes)} / ${formatBytes(totalBytes)} (${percent(sentBytes, totalBytes)})`;
}

/**
 * One plain line of a batch's progress, for logs and pipes:
 * `bat_1 running 40/100 rows (38 ok, 2 failed) 12.5 rows/s eta 5s`.
 * Parts not known yet (total, rate, eta) are left out.
 */
export function formatProgressLine(batch: Batch): string {
  const p = batch.progress;
  const rows = p.rows_total === null ? `${p.rows_processed} rows` : `${p.rows_processed}/${p.rows_total} rows`;
  const parts = [batch.id, batch.status, `${rows} (${p.rows_succeeded} ok, ${p.rows_failed} failed)`];
  if (p.rows_per_second !== null && p.rows_per_second > 0) parts.push(`${p.rows_per_second.toFixed(1)} rows/s`);
  if (p.eta_seconds !== null && p.eta_seconds > 0) parts.push(`eta ${p.eta_seconds}s`);
  if (batch.failure) parts.push(`failure ${batch.failure.code}: ${batch.failure.message}`);
  return parts.join(" ");
}

/** `bulk status`: the batch as a few aligned `name  value` lines. */
export function formatBatchSummary(batch: Batch): string[] {
  const p = batch.progress;
  const rows: [string, string | null][] = [
    ["id", batch.id],
    ["status", batch.status],
    ["operation", `${batch.operation}${batch.dry_run ? " (dry run)" : ""}`],
    ["rows", `${p.rows_processed}${p.rows_total === null ? "" : `/${p.rows_total}`} (${p.rows_succeeded} ok, ${p.rows_failed} failed)`],
    ["rate", p.rows_per_second === null ? null : `${p.rows_per_second.toFixed(1)} rows/s${p.eta_seconds ? `, eta ${p.eta_seconds}s` : ""}`],
    ["failure", batch.failure && `${batch.failure.code}: ${batch.failure.message}`],
    ["replay of", batch.parent_batch_id],
    ["created", batch.created_at],
    ["started", batch.started_at],
    ["completed", batch.completed_at],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== null).map(([name, value]) => `${name.padEnd(10)} ${value}`);
}
