import cliProgress from "cli-progress";
import type { Batch } from "../client/types";
import type { UploadProgress } from "../client/upload-file";
import { formatBytes, formatProgressLine, formatUploadLine } from "./format";

/** Shows an upload's bytes and then a batch's rows as they move. */
export type ProgressView = {
  upload(progress: UploadProgress): void;
  batch(batch: Batch): void;
  /** Ends the current bar (or line), leaving the last state on screen. */
  stop(): void;
};

/** Bars on a terminal, plain lines otherwise (logs and CI keep every line). */
export function createProgressView(stream: NodeJS.WriteStream, options: { lineIntervalMs?: number } = {}): ProgressView {
  return stream.isTTY ? barView(stream) : lineView(stream, options.lineIntervalMs ?? 2000);
}

function barView(stream: NodeJS.WriteStream): ProgressView {
  let bar: cliProgress.SingleBar | null = null;
  let kind: "upload" | "batch" | null = null;
  /** The bar for `next`, started with its first values (a new bar replaces the other kind's). */
  const barFor = (next: "upload" | "batch", format: string, total: number, payload: object) => {
    if (kind === next && bar) return bar;
    bar?.stop();
    kind = next;
    bar = new cliProgress.SingleBar({ stream, format, barsize: 30, hideCursor: false, clearOnComplete: false }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, payload);
    return bar;
  };
  return {
    upload({ sentBytes, totalBytes }) {
      const payload = { sent: formatBytes(sentBytes), size: formatBytes(totalBytes) };
      barFor("upload", "upload {bar} {percentage}% | {sent} / {size}", totalBytes, payload).update(sentBytes, payload);
    },
    batch(batch) {
      const p = batch.progress;
      // Until the source is read the total is unknown: an empty bar rather than a made-up share.
      const known = p.rows_total !== null && p.rows_total > 0;
      const payload = {
        share: known ? `${Math.floor((p.rows_processed / p.rows_total!) * 100)}%` : "…",
        rows: `${p.rows_processed}/${p.rows_total ?? "?"}`,
        ok: p.rows_succeeded,
        failed: p.rows_failed,
        status: batch.status,
        // The API's own estimate ({eta} would be cli-progress's, from this process's samples).
        apiEta: p.eta_seconds ? ` | eta ${p.eta_seconds}s` : "",
      };
      // The id is on the line above (`created bat_…`); the bar keeps to one terminal line.
      const b = barFor("batch", "rows   {bar} {share} | {rows} | {ok} ok, {failed} failed | {status}{apiEta}", 1, payload);
      b.setTotal(known ? p.rows_total! : 1);
      b.update(known ? p.rows_processed : 0, payload);
    },
    stop() {
      bar?.stop();
      bar = null;
      kind = null;
    },
  };
}

/**
 * One line per change worth a line: every 10% of an upload; a batch's line
 * when its status changes, or its counters changed and `intervalMs` passed
 * since the last line, and always its final state.
 */
function lineView(stream: NodeJS.WriteStream, intervalMs: number): ProgressView {
  let uploadStep = -1;
  let last: { status: string; processed: number; at: number } | null = null;
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    upload(progress) {
      const step = Math.floor((progress.sentBytes / progress.totalBytes) * 10);
      if (step === uploadStep) return;
      uploadStep = step;
      write(formatUploadLine(progress));
    },
    batch(batch) {
      const now = Date.now();
      const processed = batch.progress.rows_processed;
      const due = !last || last.status !== batch.status || (processed !== last.processed && now - last.at >= intervalMs);
      if (!due) return;
      last = { status: batch.status, processed, at: now };
      write(formatProgressLine(batch));
    },
    stop() {
      uploadStep = -1;
    },
  };
}
