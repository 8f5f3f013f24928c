import { describe, expect, inject, it } from "vitest";
import { call, contactRows, createBatch, newProject, waitForTerminal } from "../setup/api";

const peer = inject("httpPeer");

const replay = (key: string, id: string, only: string, idempotencyKey: string = crypto.randomUUID()) =>
  call("POST", `/v2/batch/operations/${id}/replay`, { key, body: { only }, headers: { "Idempotency-Key": idempotencyKey } });

/** Every failed row of a batch, from its paged error report. */
async function failures(key: string, id: string) {
  const res = await call("GET", `/v2/batch/operations/${id}/errors?limit=1000`, { key });
  expect(res.status).toBe(200);
  return res.json.errors as { row_number: number; original_row_number?: number; source_identifier: string | null; errors: unknown[] }[];
}

describe("replaying a batch", () => {
  it("failed_rows carries exactly the failed rows, renumbered, naming their original row numbers", async () => {
    const { key } = await newProject();
    const parent = await waitForTerminal(key, (await createBatch(key, { operation: "contacts.upsert", source: { kind: "inline", rows: contactRows(95, 7) } })).json.id);
    expect(parent.progress).toMatchObject({ rows_failed: 13, rows_succeeded: 82 });

    const created = await replay(key, parent.id, "failed_rows");
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      status: "accepted",
      operation: "contacts.upsert",
      parent_batch_id: parent.id,
      params: { parent_batch_id: parent.id },
      source: { kind: "inline", row_count: 13 },
      progress: { rows_total: 13 },
    });
    const child = await waitForTerminal(key, created.json.id);
    expect(child).toMatchObject({ status: "failed", progress: { rows_total: 13, rows_processed: 13, rows_failed: 13 } });

    const before = await failures(key, parent.id);
    const after = await failures(key, child.id);
    expect(after.map((e) => e.row_number)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(after.map((e) => [e.original_row_number, e.source_identifier, e.errors])).toEqual(before.map((e) => [e.row_number, e.source_identifier, e.errors]));
    const jsonl = await call("GET", `/v2/batch/operations/${child.id}/errors.jsonl`, { key });
    expect(jsonl.text.trim().split("\n").map((l) => JSON.parse(l))).toEqual(after);
  });

  it("reads a large source's failed rows back from R2, not from the partner's URL", async () => {
    const { key } = await newProject();
    const csv =
      "unique_id,email,name\n" +
      Array.from({ length: 400 }, (_, i) => (i % 50 === 7 ? `u${i + 1},broken-${i + 1},"Name\nwith newline"` : `u${i + 1},p${i + 1}@example.com,"Last, First"`)).join("\n") +
      "\nu401,ragged\n";
    const url = `${peer}/files/replay-source.csv`;
    expect((await fetch(url, { method: "PUT", body: csv })).status).toBe(201);
    const parent = await waitForTerminal(key, (await createBatch(key, { operation: "contacts.upsert", source: { kind: "signed_url", url, format: "csv" } })).json.id);
    expect(parent.progress).toMatchObject({ rows_total: 401, rows_failed: 9 });

    // The partner's file changes (or its URL expires): the replay must not notice.
    expect((await fetch(url, { method: "PUT", body: "unique_id,email\nother,x@example.com\n" })).status).toBe(201);
    const created = await replay(key, parent.id, "failed_rows");
    expect(created.json.source).toEqual(parent.source);
    const child = await waitForTerminal(key, created.json.id);
    expect(child.progress).toMatchObject({ rows_total: 9, rows_failed: 9 });
    const before = await failures(key, parent.id);
    const after = await failures(key, child.id);
    expect(after.map((e) => [e.original_row_number, e.source_identifier, e.errors])).toEqual(before.map((e) => [e.row_number, e.source_identifier, e.errors]));
    expect(after.at(-1)).toMatchObject({ original_row_number: 401, errors: [expect.objectContaining({ code: "ragged_row" })] });
  });

  it("all_rows reruns every row; a replay of a replay names the first batch's rows; lineage lists the chain both ways", async () => {
    const { key } = await newProject();
    const root = await waitForTerminal(key, (await createBatch(key, { operation: "contacts.upsert", source: { kind: "inline", rows: contactRows(30, 4) } })).json.id);
    const again = await waitForTerminal(key, (await replay(key, root.id, "all_rows")).json.id);
    expect(again).toMatchObject({ status: "partially_failed", parent_batch_id: root.id, progress: { rows_total: 30, rows_succeeded: 23, rows_failed: 7 } });

    const first = await waitForTerminal(key, (await replay(key, root.id, "failed_rows")).json.id);
    const second = await waitForTerminal(key, (await replay(key, first.id, "failed_rows")).json.id);
    expect((await failures(key, second.id)).map((e) => e.original_row_number)).toEqual([4, 8, 12, 16, 20, 24, 28]);

    const down = await call("GET", `/v2/batch/operations/${root.id}/lineage`, { key });
    expect(down.status).toBe(200);
    expect(down.json.ancestors).toEqual([]);
    expect(down.json.descendants.map((b: any) => b.id).sort()).toEqual([again.id, first.id, second.id].sort());
    const up = await call("GET", `/v2/batch/operations/${second.id}/lineage`, { key });
    expect(up.json.ancestors.map((b: any) => [b.id, b.parent_batch_id])).toEqual([
      [first.id, root.id],
      [root.id, null],
    ]);
    expect(up.json.descendants).toEqual([]);
  });

  it("refuses a batch without failures (422), other projects' batches (404); one key, one replay", async () => {
    const owner = await newProject("owner");
    const stranger = await newProject("stranger");
    const running = await createBatch(owner.key, { operation: "echo", source: { kind: "inline", rows: [{ unique_id: "a" }] } });
    const clean = await waitForTerminal(owner.key, running.json.id);
    expect(clean.status).toBe("succeeded");

    const none = await replay(owner.key, clean.id, "failed_rows");
    expect(none.status).toBe(422);
    expect(none.json.error.code).toBe("nothing_to_replay");
    expect((await replay(stranger.key, clean.id, "all_rows")).status).toBe(404);

    const first = await replay(owner.key, clean.id, "all_rows", "replay-key");
    const second = await replay(owner.key, clean.id, "all_rows", "replay-key");
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.json.id).toBe(first.json.id);
    expect((await replay(owner.key, clean.id, "failed_rows", "replay-key")).status).toBe(422);
    const bad = await call("POST", `/v2/batch/operations/${clean.id}/replay`, { key: owner.key, body: { only: "some_rows" }, headers: { "Idempotency-Key": "k2" } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0].field).toBe("only");
    // Leave nothing running: a batch still logging after the file ends fails the run (vitest teardown).
    await waitForTerminal(owner.key, first.json.id);
  });

  it("refuses to replay a batch that is still running", async () => {
    const { key } = await newProject();
    const { json } = await createBatch(key, { operation: "echo", source: { kind: "inline", rows: Array.from({ length: 1000 }, (_, i) => ({ unique_id: `r${i}` })) } });
    const res = await replay(key, json.id, "all_rows");
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("batch_not_terminal");
    await waitForTerminal(key, json.id);
  });
});
