import { describe, expect, it } from "vitest";
import { ERROR_REPORT_SAMPLE_SIZE, sampleBucket, sampleThreshold } from "../../src/domain/sampling";
import { uploadFile } from "../helpers/uploads";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

/** A contacts CSV of `rows` rows, every one without a valid email. */
const invalidContacts = (rows: number) => `email\n${Array.from({ length: rows }, (_, i) => `bad-${i + 1}`).join("\n")}\n`;

async function failedBatch(rows: number) {
  const { key } = await newProject();
  const { source } = await uploadFile(key, "csv", invalidContacts(rows));
  const batch = await waitForTerminal(key, (await createBatch(key, { operation: "contacts.upsert", source })).json.id);
  expect(batch).toMatchObject({ status: "failed", progress: { rows_failed: rows } });
  return { key, batch };
}

/** Every page of the error report, following next_cursor. */
async function errorPages(key: string, batchId: string, limit: number) {
  const pages: { errors: { row_number: number }[]; sampled: boolean; total_failed: number }[] = [];
  for (let cursor: string | null = ""; cursor !== null; ) {
    const res = await call("GET", `/v2/batch/operations/${batchId}/errors?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, { key });
    expect(res.status).toBe(200);
    pages.push(res.json);
    cursor = res.json.next_cursor;
  }
  return pages;
}

describe("the error report at its sampling limit", () => {
  it(`holds every failure at ${ERROR_REPORT_SAMPLE_SIZE} failures`, async () => {
    const { key, batch } = await failedBatch(ERROR_REPORT_SAMPLE_SIZE);
    const pages = await errorPages(key, batch.id, 1000);
    expect(pages.every((p) => !p.sampled && p.total_failed === ERROR_REPORT_SAMPLE_SIZE)).toBe(true);
    expect(pages.flatMap((p) => p.errors.map((e) => e.row_number))).toEqual(Array.from({ length: ERROR_REPORT_SAMPLE_SIZE }, (_, i) => i + 1));
  });

  it(`samples past ${ERROR_REPORT_SAMPLE_SIZE} failures, the same rows on every call, and errors.jsonl still has them all`, async () => {
    const total = ERROR_REPORT_SAMPLE_SIZE + 1;
    const { key, batch } = await failedBatch(total);
    const threshold = sampleThreshold(total)!;
    const expected = Array.from({ length: total }, (_, i) => i + 1).filter((n) => sampleBucket(n) < threshold);
    const rowsOf = (pages: Awaited<ReturnType<typeof errorPages>>) => pages.flatMap((p) => p.errors.map((e) => e.row_number));
    const first = await errorPages(key, batch.id, 1000);
    expect(first.every((p) => p.sampled)).toBe(true);
    expect(rowsOf(first)).toEqual(expected);
    expect(rowsOf(await errorPages(key, batch.id, 333))).toEqual(expected);

    const file = await call("GET", `/v2/batch/operations/${batch.id}/errors.jsonl`, { key });
    const lines = file.text.trim().split("\n").map((l: string) => JSON.parse(l));
    expect(lines).toHaveLength(total);
    expect(lines.map((l: { row_number: number }) => l.row_number)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(lines[0]).toMatchObject({ row_number: 1, errors: [expect.objectContaining({ field: "email" })] });
  });
});
