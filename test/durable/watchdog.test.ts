import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newProject, waitForTerminal } from "../setup/api";
import { heldBatch } from "../setup/held-batch";

describe("batch watchdog", () => {
  it("sends a chunk whose message was lost again, and dead-letters one that was sent too often", async () => {
    const { projectId, key } = await newProject();
    const { batchId, stub, write } = heldBatch(projectId);
    const longAgo = new Date(Date.now() - 3600_000).toISOString();
    await runInDurableObject(stub, async (_instance, state) => {
      const sql = state.storage.sql;
      write(sql, { source: { kind: "inline", row_count: 4 }, progress: { rows_total: 4, rows_processed: 0, rows_succeeded: 0, rows_failed: 0 } });
      // Both chunks were "sent" an hour ago and never reported: their messages are gone.
      const insert = "INSERT INTO chunks (chunk_index, first_row_number, row_count, bytes, payload, enqueued_at, sends) VALUES (?, ?, 2, 20, ?, ?, ?)";
      sql.exec(insert, 0, 1, JSON.stringify([{ a: 1 }, { a: 2 }]), longAgo, 1);
      sql.exec(insert, 1, 3, JSON.stringify([{ a: 3 }, { a: 4 }]), longAgo, 3);
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    const batch = await waitForTerminal(key, batchId);
    expect(batch).toMatchObject({ status: "partially_failed", progress: { rows_processed: 4, rows_succeeded: 2, rows_failed: 2 } });
    const errors = (await call("GET", `/v2/batch/operations/${batchId}/errors`, { key })).json.errors;
    expect(errors.map((e: any) => [e.row_number, e.errors[0].code])).toEqual([
      [3, "retry_exhausted"],
      [4, "retry_exhausted"],
    ]);
  });
});
