import Papa from "papaparse";
import { describe, expect, it, vi } from "vitest";
import { uploadFile } from "../helpers/uploads";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

const ERROR_COLUMNS = ["error_code", "error_field", "error_message", "row_number"];

async function errorsCsv(key: string, id: string) {
  const res = await call("GET", `/v2/batch/operations/${id}/errors.csv`, { key });
  expect(res.status).toBe(200);
  const { data, errors } = Papa.parse<Record<string, string>>(res.text, { header: true, skipEmptyLines: true });
  expect(errors).toEqual([]);
  return { res, header: Papa.parse<string[]>(res.text.split("\r\n")[0]!).data[0]!, rows: data };
}

async function finished(key: string, body: unknown) {
  const created = await createBatch(key, body);
  expect(created.status).toBe(201);
  return waitForTerminal(key, created.json.id);
}

describe("errors.csv", () => {
  it("gives a CSV source's failed rows under its own header, with why and where, ready to fix and upload again", async () => {
    const { key } = await newProject();
    // 35 rows over 4 chunks of 10; every 4th email invalid, one ragged row, formula-like cells.
    const lines = ["email,name,note"];
    for (let i = 1; i <= 35; i++) lines.push(i % 4 === 0 ? `bad-${i},"Name, ${i}",=HYPERLINK("x")` : `p${i}@example.com,P${i},-${i}`);
    lines[30] = "ragged@example.com,only two";
    const { source } = await uploadFile(key, "csv", lines.join("\r\n") + "\r\n");
    const batch = await finished(key, { operation: "contacts.upsert", source });
    expect(batch.progress.rows_failed).toBe(9);

    const { res, header, rows } = await errorsCsv(key, batch.id);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename=".*-errors\.csv"$/);
    expect(header).toEqual(["email", "name", "note", ...ERROR_COLUMNS]);
    expect(rows.map((r) => Number(r.row_number))).toEqual([4, 8, 12, 16, 20, 24, 28, 30, 32]);
    expect(rows[0]).toEqual({ email: "bad-4", name: "Name, 4", note: `'=HYPERLINK("x")`, error_code: "validation_failed", error_field: "email", error_message: "Invalid email address", row_number: "4" });
    expect(rows[7]).toMatchObject({ email: "ragged@example.com", name: "only two", note: "", error_code: "ragged_row", row_number: "30" });
    // The same rows and reasons as the error report.
    const report = await call("GET", `/v2/batch/operations/${batch.id}/errors?limit=100`, { key });
    expect(rows.map((r) => [Number(r.row_number), r.error_code])).toEqual(report.json.errors.map((e: any) => [e.row_number, e.errors.map((x: any) => x.code).join("; ")]));
  });

  it("takes a JSONL source's columns from its failed rows' keys, before any mapping", async () => {
    const { key } = await newProject();
    const rows = [
      { "E-mail": "a@example.com", plan: "pro" },
      { "E-mail": "nope", plan: "free", extra: { nested: true } },
      "not an object",
      { "E-mail": "also-bad", city: "Oslo" },
    ];
    const { source } = await uploadFile(key, "jsonl", rows.map((r) => JSON.stringify(r)).join("\n") + "\nnot json\n");
    const batch = await finished(key, { operation: "contacts.upsert", source, mapping: { "E-mail": "email" } });
    expect(batch.progress).toMatchObject({ rows_processed: 5, rows_failed: 4 });
    const { header, rows: out } = await errorsCsv(key, batch.id);
    expect(header).toEqual(["E-mail", "plan", "extra", "city", ...ERROR_COLUMNS]);
    expect(out.map((r) => [r["E-mail"], r.plan, r.extra, r.city, r.row_number])).toEqual([
      ["nope", "free", '{"nested":true}', "", "2"],
      ["", "", "", "", "3"],
      ["also-bad", "", "", "Oslo", "4"],
      ["", "", "", "", "5"],
    ]);
    expect(out[3]!.error_code).toBe("malformed_row");
  });

  it("reads inline rows and replays from where the batch keeps them; many chunks, each in its own segment", async () => {
    const { key } = await newProject();
    const rows = Array.from({ length: 95 }, (_, i) => (i % 7 === 3 ? { id: i + 1, email: "@x" } : { id: i + 1, email: `u${i + 1}@example.com` }));
    const batch = await finished(key, { operation: "contacts.upsert", source: { kind: "inline", rows } });
    const failed = rows.filter((r) => r.email === "@x").map((r) => String(r.id));
    const { header, rows: out } = await errorsCsv(key, batch.id);
    expect(header).toEqual(["id", "email", ...ERROR_COLUMNS]);
    expect(out.map((r) => r.id)).toEqual(failed);
    expect(out.every((r, i) => r.row_number === failed[i])).toBe(true);

    const replay = await call("POST", `/v2/batch/operations/${batch.id}/replay`, { key, body: { only: "failed_rows" }, headers: { "Idempotency-Key": crypto.randomUUID() } });
    expect(replay.status).toBe(201);
    const replayed = await waitForTerminal(key, replay.json.id);
    const again = await errorsCsv(key, replayed.id);
    expect(again.rows.map((r) => r.id)).toEqual(failed);
    expect(again.rows.map((r) => r.row_number)).toEqual(failed.map((_, i) => String(i + 1)));
  });

  it("answers 410, as every report does, once the batch's results are past retention", async () => {
    const { key } = await newProject();
    const batch = await finished(key, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }, 2] } });
    expect(batch.results_expire_at).not.toBeNull();
    expect((await call("GET", `/v2/batch/operations/${batch.id}/errors.csv`, { key })).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.parse(batch.results_expire_at) + 1);
      for (const report of ["errors.csv", "errors.jsonl", "result.jsonl", "errors", "result"]) {
        const res = await call("GET", `/v2/batch/operations/${batch.id}/${report}`, { key });
        expect([report, res.status, res.json?.error?.code]).toEqual([report, 410, "results_expired"]);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it("is only a header when no row failed; another project's batch is 404", async () => {
    const { key } = await newProject();
    const batch = await finished(key, { operation: "echo", source: { kind: "inline", rows: [{ a: "=1" }] } });
    expect(batch.status).toBe("succeeded");
    const res = await call("GET", `/v2/batch/operations/${batch.id}/errors.csv`, { key });
    expect(res.text).toBe("error_code,error_field,error_message,row_number\r\n");
    const other = await newProject("other");
    expect((await call("GET", `/v2/batch/operations/${batch.id}/errors.csv`, { key: other.key })).status).toBe(404);
  });
});
