import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { uploadFile } from "../helpers/uploads";
import { call, contactRows, createBatch, newProject, waitForTerminal } from "../setup/api";

async function allPages(key: string, id: string, report: "errors" | "result") {
  const items: any[] = [];
  for (let cursor: string | null = ""; cursor !== null; ) {
    const res = await call("GET", `/v2/batch/operations/${id}/${report}?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, { key });
    items.push(...res.json[report === "errors" ? "errors" : "results"]);
    cursor = res.json.next_cursor;
  }
  return items;
}

const contactsOf = async (projectId: string) => (await env.DB.prepare("SELECT count(*) AS n FROM contacts WHERE project_id = ?").bind(projectId).first<{ n: number }>())!.n;

describe("dry run", () => {
  it("validates every row as a real run does, writes nothing, and agrees with a real run of the same rows", async () => {
    const { key, projectId } = await newProject();
    const rows = contactRows(45, 4); // every 4th email is invalid
    const dry = await waitForTerminal(key, (await createBatch(key, { operation: "contacts.upsert", source: { kind: "inline", rows }, dry_run: true })).json.id);
    expect(dry).toMatchObject({ status: "partially_failed", dry_run: true, progress: { rows_processed: 45, rows_failed: 11, rows_succeeded: 34 } });
    expect(await contactsOf(projectId)).toBe(0);
    const dryResults = await allPages(key, dry.id, "result");
    expect(dryResults).toHaveLength(34);
    expect(dryResults.every((r) => JSON.stringify(r.result) === '{"dry_run":true}')).toBe(true);

    const real = await waitForTerminal(key, (await createBatch(key, { operation: "contacts.upsert", source: { kind: "inline", rows } })).json.id);
    const counts = ({ rows_total, rows_processed, rows_succeeded, rows_failed }: Record<string, number>) => ({ rows_total, rows_processed, rows_succeeded, rows_failed });
    expect(real).toMatchObject({ status: "partially_failed", dry_run: false });
    expect(counts(real.progress)).toEqual(counts(dry.progress));
    expect(await contactsOf(projectId)).toBe(34);
    expect(await allPages(key, real.id, "errors")).toEqual(await allPages(key, dry.id, "errors"));
    expect((await allPages(key, real.id, "result")).map((r) => r.row_number)).toEqual(dryResults.map((r) => r.row_number));
  });

  it("is part of what an Idempotency-Key answers for", async () => {
    const { key } = await newProject();
    const body = { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }] } };
    expect((await createBatch(key, { ...body, dry_run: true }, "k1")).status).toBe(201);
    expect((await createBatch(key, { ...body, dry_run: true }, "k1")).status).toBe(200);
    expect((await createBatch(key, body, "k1")).status).toBe(409);
  });
});

describe("failure threshold", () => {
  it("stops a batch once more rows failed than allowed: failed, with the reason, true counters, rows not started never run", async () => {
    const { key } = await newProject();
    // 300 rows in 30 chunks; every other row is not an object (a row error).
    const rows = Array.from({ length: 300 }, (_, i) => (i % 2 ? i : { unique_id: `r${i}` }));
    const created = await createBatch(key, { operation: "echo", source: { kind: "inline", rows }, params: { delay_ms: 50 }, failure_threshold: { max_failed_rows: 3 } });
    expect(created.json.failure_threshold).toEqual({ max_failed_rows: 3 });
    const batch = await waitForTerminal(key, created.json.id);
    expect(batch.status).toBe("failed");
    expect(batch.failure).toEqual({ code: "failure_threshold_exceeded", message: expect.stringContaining("more than 3 failed rows") });
    expect(batch.progress.rows_processed).toBe(batch.progress.rows_succeeded + batch.progress.rows_failed);
    expect(batch.progress.rows_processed).toBeLessThan(300);
    expect(batch.progress.rows_failed).toBeGreaterThan(3);
  });

  it("lets a batch under its ratio finish as it would have", async () => {
    const { key } = await newProject();
    const rows = Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? i : { unique_id: `r${i}` })); // 20% fail
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "inline", rows }, failure_threshold: { max_failed_ratio: 0.25, min_rows: 10 } })).json.id);
    expect(batch).toMatchObject({ status: "partially_failed", failure: null, progress: { rows_processed: 40, rows_failed: 8 } });
  });

  it.each([
    [{ max_failed_ratio: 1.5 }, "failure_threshold.max_failed_ratio"],
    [{ max_failed_rows: -1 }, "failure_threshold.max_failed_rows"],
    [{ max_failed_rows: 1, max_failed_ratio: 0.1 }, "failure_threshold"],
    [{ max_failed_rows: 2, min_rows: 5 }, "failure_threshold.min_rows"],
  ])("refuses %j with 422 naming %s", async (threshold, field) => {
    const { key } = await newProject();
    const res = await createBatch(key, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }] }, failure_threshold: threshold });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json.error)).toContain(field);
  });
});

describe("mapping", () => {
  it("renames a file's columns before validation, is shown on the batch, and applies to its replay", async () => {
    const { key, projectId } = await newProject();
    const csv = "Email Address,Full Name,Customer ID,plan\nada@example.com,Ada,c-1,pro\nnot-an-email,Bob,c-2,free\ngrace@example.com,Grace,c-3,pro\n";
    const { source } = await uploadFile(key, "csv", csv);
    const mapping = { "Email Address": "email", "Full Name": "name", "Customer ID": "unique_id" };
    const created = await createBatch(key, { operation: "contacts.upsert", source, mapping });
    expect(created.json.mapping).toEqual(mapping);
    const batch = await waitForTerminal(key, created.json.id);
    expect(batch).toMatchObject({ status: "partially_failed", progress: { rows_succeeded: 2, rows_failed: 1 } });
    const contacts = (await env.DB.prepare("SELECT email, name, unique_id, attributes FROM contacts WHERE project_id = ? ORDER BY email").bind(projectId).all()).results;
    expect(contacts).toEqual([
      { email: "ada@example.com", name: "Ada", unique_id: "c-1", attributes: '{"plan":"pro"}' },
      { email: "grace@example.com", name: "Grace", unique_id: "c-3", attributes: '{"plan":"pro"}' },
    ]);
    const errors = await allPages(key, batch.id, "errors");
    expect(errors).toEqual([expect.objectContaining({ row_number: 2, source_identifier: "c-2", errors: [expect.objectContaining({ field: "email" })] })]);

    const replay = await call("POST", `/v2/batch/operations/${batch.id}/replay`, { key, body: { only: "failed_rows" }, headers: { "Idempotency-Key": crypto.randomUUID() } });
    expect(replay.json.mapping).toEqual(mapping);
    const replayed = await waitForTerminal(key, replay.json.id);
    expect((await allPages(key, replayed.id, "errors")).map((e) => [e.original_row_number, e.source_identifier, e.errors[0].field])).toEqual([[2, "c-2", "email"]]);
  });

  it.each([
    [{}, "mapping"],
    [{ a: 1 }, "mapping.a"],
    [Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`c${i}`.padEnd(200, "x"), "f"])), "mapping"],
  ])("refuses %j with 422 naming %s", async (mapping, field) => {
    const { key } = await newProject();
    const res = await createBatch(key, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }] }, mapping });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json.error)).toContain(field);
  });
});
