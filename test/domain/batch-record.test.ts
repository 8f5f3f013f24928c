import { describe, expect, it } from "vitest";
import { answerRepeatedCreate, BatchRecord, newBatchRecord, type BatchFields } from "../../src/domain/batch-record";
import { resultsExpireAt } from "../../src/domain/retention-rule";

const fields: BatchFields = {
  id: "bat_1",
  project_id: "prj_1",
  surface: "batch",
  operation: "echo",
  params: {},
  source: { kind: "inline", row_count: 2 },
  source_hash: "h",
  idempotency_key: "k",
  created_by: "apikey:key_1",
  parent_batch_id: null,
};

describe("newBatchRecord", () => {
  it("starts accepted at version 1 with the request's fields only", () => {
    const request = { ...fields, input: { rows: [1, 2] }, now: "ignored" };
    expect(newBatchRecord(request, "2026-01-01T00:00:00.000Z", 2)).toEqual({
      ...fields,
      run: { dry_run: false, failure_threshold: null, mapping: null, max_rows_per_second: null },
      created_at: "2026-01-01T00:00:00.000Z",
      status: "accepted",
      started_at: null,
      completed_at: null,
      progress: { rows_total: 2, rows_processed: 0, rows_succeeded: 0, rows_failed: 0 },
      failure: null,
      results_expire_at: null,
      version: 1,
    });
  });
});

describe("run options", () => {
  it("are kept as given, and a record written before they existed reads as none", () => {
    const run = { dry_run: true, failure_threshold: { max_failed_rows: 5 }, mapping: { "E-mail": "email" } };
    // An option the request did not give (added later) reads as none.
    expect(newBatchRecord({ ...fields, run }, "2026-01-01T00:00:00.000Z", 2).run).toEqual({ ...run, max_rows_per_second: null });
    expect(newBatchRecord({ ...fields, run: { ...run, max_rows_per_second: 2.5 } }, "2026-01-01T00:00:00.000Z", 2).run.max_rows_per_second).toBe(2.5);
    const { run: _dropped, ...older } = newBatchRecord(fields, "2026-01-01T00:00:00.000Z", 2);
    expect(BatchRecord.parse(older).run).toEqual({ dry_run: false, failure_threshold: null, mapping: null, max_rows_per_second: null });
  });
});

describe("answerRepeatedCreate", () => {
  it("answers the same request with the batch, and another one with a conflict", () => {
    expect(answerRepeatedCreate(fields, { operation: "echo", source_hash: "h" })).toBe("existing");
    expect(answerRepeatedCreate(fields, { operation: "echo", source_hash: "other" })).toBe("conflict");
    expect(answerRepeatedCreate(fields, { operation: "contacts.upsert", source_hash: "h" })).toBe("conflict");
  });
});

describe("resultsExpireAt", () => {
  it("is the retention's days after completion", () => {
    expect(resultsExpireAt("2026-01-01T00:00:00.000Z", 30)).toBe("2026-01-31T00:00:00.000Z");
  });
});
