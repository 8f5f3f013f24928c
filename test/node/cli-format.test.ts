import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Batch, BatchStatus } from "../../client/types";
import { exitCodeForStatus } from "../../cli/exit-code";
import { formatBatchSummary, formatBytes, formatProgressLine, formatUploadLine } from "../../cli/format";
import { createProgressView } from "../../cli/progress-view";

function batchWith(status: BatchStatus, progress: Partial<Batch["progress"]> = {}, extra: Partial<Batch> = {}): Batch {
  return {
    id: "bat_1",
    surface: "batch",
    operation: "contacts.upsert",
    status,
    source: { kind: "signed_url", format: "csv" } as Batch["source"],
    params: {},
    dry_run: false,
    failure_threshold: null,
    mapping: null,
    max_rows_per_second: null,
    parent_batch_id: null,
    created_by: "apikey:key_1",
    created_at: "2026-11-30T00:00:00.000Z",
    started_at: null,
    completed_at: null,
    progress: { rows_total: null, rows_processed: 0, rows_succeeded: 0, rows_failed: 0, rows_per_second: null, eta_seconds: null, ...progress },
    failure: null,
    errors_url: null,
    result_url: null,
    results_expire_at: null,
    idempotency_key: "k",
    ...extra,
  };
}

describe("exit codes", () => {
  it("are 0 for succeeded, 2 for partially_failed, 1 for failed and cancelled", () => {
    expect(exitCodeForStatus("succeeded")).toBe(0);
    expect(exitCodeForStatus("partially_failed")).toBe(2);
    expect(exitCodeForStatus("failed")).toBe(1);
    expect(exitCodeForStatus("cancelled")).toBe(1);
  });
});

describe("progress lines", () => {
  it("show what is known of a running batch", () => {
    expect(formatProgressLine(batchWith("running", { rows_processed: 40, rows_succeeded: 38, rows_failed: 2 }))).toBe("bat_1 running 40 rows (38 ok, 2 failed)");
    expect(formatProgressLine(batchWith("running", { rows_total: 100, rows_processed: 40, rows_succeeded: 38, rows_failed: 2, rows_per_second: 12.34, eta_seconds: 5 }))).toBe(
      "bat_1 running 40/100 rows (38 ok, 2 failed) 12.3 rows/s eta 5s",
    );
  });

  it("name a failed batch's failure", () => {
    const failed = batchWith("failed", {}, { failure: { code: "source_unreadable", message: "header too long" } });
    expect(formatProgressLine(failed)).toBe("bat_1 failed 0 rows (0 ok, 0 failed) failure source_unreadable: header too long");
  });

  it("count bytes in decimal units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(4_000_000)).toBe("4.0 MB");
    expect(formatUploadLine({ sentBytes: 1_200_000, totalBytes: 4_000_000 })).toBe("upload 1.2 MB / 4.0 MB (30%)");
  });

  it("summarize a batch for bulk status, leaving out what is not known", () => {
    const lines = formatBatchSummary(batchWith("partially_failed", { rows_total: 3, rows_processed: 3, rows_succeeded: 2, rows_failed: 1, rows_per_second: 1.5, eta_seconds: 0 }));
    expect(lines).toEqual([
      "id         bat_1",
      "status     partially_failed",
      "operation  contacts.upsert",
      "rows       3/3 (2 ok, 1 failed)",
      "rate       1.5 rows/s",
      "created    2026-11-30T00:00:00.000Z",
    ]);
  });
});

describe("the plain progress view (not a terminal)", () => {
  function capture() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    return { lines, stream };
  }

  it("prints an upload every 10%, not on every chunk", () => {
    const { lines, stream } = capture();
    const view = createProgressView(stream);
    for (let sent = 1; sent <= 100; sent++) view.upload({ sentBytes: sent, totalBytes: 100 });
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe("upload 100 B / 100 B (100%)");
  });

  it("prints a batch on each status change, and a counter change only after the interval", () => {
    const { lines, stream } = capture();
    const view = createProgressView(stream, { lineIntervalMs: 60_000 });
    view.batch(batchWith("accepted"));
    view.batch(batchWith("running", { rows_processed: 1, rows_succeeded: 1 }));
    view.batch(batchWith("running", { rows_processed: 2, rows_succeeded: 2 }));
    view.batch(batchWith("succeeded", { rows_total: 3, rows_processed: 3, rows_succeeded: 3 }));
    expect(lines).toEqual(["bat_1 accepted 0 rows (0 ok, 0 failed)", "bat_1 running 1 rows (1 ok, 0 failed)", "bat_1 succeeded 3/3 rows (3 ok, 0 failed)"]);
  });
});

describe("the progress bar (a terminal)", () => {
  function terminal() {
    let text = "";
    const stream = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          text += String(chunk);
          done();
        },
      }),
      { isTTY: true, columns: 120 },
    ) as unknown as NodeJS.WriteStream;
    // What a person sees: the text without cursor movement.
    return { stream, screen: () => text.replace(/\x1b(\[[0-9;?]*[a-zA-Z]|[78])/g, "\n").split("\n").filter(Boolean) };
  }

  it("shows a batch's share, rows, counts, status and the API's ETA on one line", () => {
    const { stream, screen } = terminal();
    const view = createProgressView(stream);
    view.batch(batchWith("running", { rows_total: 100, rows_processed: 40, rows_succeeded: 38, rows_failed: 2, eta_seconds: 5 }));
    view.stop();
    expect(screen().at(-1)).toMatch(/^rows {3}\S{30} 40% \| 40\/100 \| 38 ok, 2 failed \| running \| eta 5s$/);
  });

  it("shows an empty bar while the total is unknown, not a made-up share", () => {
    const { stream, screen } = terminal();
    const view = createProgressView(stream);
    view.batch(batchWith("running", { rows_processed: 7, rows_succeeded: 7 }));
    view.stop();
    expect(screen().at(-1)).toBe(`rows   ${"░".repeat(30)} … | 7/? | 7 ok, 0 failed | running`);
  });
});
