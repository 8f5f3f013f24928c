import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newProject, waitForTerminal } from "../setup/api";
import { heldBatch } from "../setup/held-batch";

const HOUR = 3600_000;
const insert =
  "INSERT INTO chunks (chunk_index, first_row_number, row_count, bytes, payload, enqueued_at, sends, granted_ms, holder, holders) VALUES (?, ?, 2, 20, ?, ?, ?, ?, ?, ?)";

describe("batch watchdog", () => {
  it("sends a chunk whose message was lost again, and dead-letters one whose consumers kept dying", async () => {
    const { projectId, key } = await newProject();
    const { batchId, stub, write } = heldBatch(projectId);
    const longAgo = new Date(Date.now() - HOUR).toISOString();
    await runInDurableObject(stub, async (_instance, state) => {
      const sql = state.storage.sql;
      write(sql, { source: { kind: "inline", row_count: 4 }, progress: { rows_total: 4, rows_processed: 0, rows_succeeded: 0, rows_failed: 0 } });
      // Sent an hour ago, never started: the message is gone.
      sql.exec(insert, 0, 1, JSON.stringify([{ a: 1 }, { a: 2 }]), longAgo, 1, null, null, 0);
      // Started by three deliveries in turn, the last an hour ago, never reported.
      sql.exec(insert, 1, 3, JSON.stringify([{ a: 3 }, { a: 4 }]), longAgo, 3, Date.now() - HOUR, "msg-3", 3);
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

  it("leaves a chunk a live consumer holds alone, and refuses it to other deliveries until its lease is over", async () => {
    const { projectId } = await newProject();
    const { stub, write } = heldBatch(projectId);
    const longAgo = new Date(Date.now() - HOUR).toISOString();
    await runInDurableObject(stub, async (instance, state) => {
      const sql = state.storage.sql;
      write(sql, { source: { kind: "inline", row_count: 2 } });
      sql.exec(insert, 0, 1, JSON.stringify([{ a: 1 }, { a: 2 }]), longAgo, 1, Date.now() - 5_000, "msg-live", 1);
      expect(await instance.beginChunk(0, [], { holder: "msg-other" })).toEqual({ run: false, reason: "chunk_leased" });
      // The queue's retry of the same message is its holder again.
      expect(await instance.beginChunk(0, [], { holder: "msg-live" })).toMatchObject({ run: true });
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    await runDurableObjectAlarm(stub);
    const chunk = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec("SELECT sends, holder, holders FROM chunks").one());
    expect(chunk).toEqual({ sends: 1, holder: "msg-live", holders: 1 });
    // Once the lease (30 s before any chunk has finished) is over, another delivery may take it.
    await runInDurableObject(stub, async (instance, state) => {
      state.storage.sql.exec("UPDATE chunks SET granted_ms = ?", Date.now() - 31_000);
      expect(await instance.beginChunk(0, [], { holder: "msg-other" })).toMatchObject({ run: true });
      expect(state.storage.sql.exec("SELECT holder, holders FROM chunks").one()).toEqual({ holder: "msg-other", holders: 2 });
    });
  });

  it("does not send again a chunk that is only waiting its turn while the batch's other chunks progress", async () => {
    const { projectId } = await newProject();
    const { stub, write } = heldBatch(projectId);
    const longAgo = new Date(Date.now() - HOUR).toISOString();
    await runInDurableObject(stub, async (_instance, state) => {
      const sql = state.storage.sql;
      write(sql, { source: { kind: "inline", row_count: 2 } });
      sql.exec(insert, 0, 1, JSON.stringify([{ a: 1 }, { a: 2 }]), longAgo, 1, null, null, 0);
      sql.exec("UPDATE watchdog SET last_activity_ms = ?", Date.now() - 2_000);
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    await runDurableObjectAlarm(stub);
    const chunk = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec("SELECT sends, enqueued_at FROM chunks").one());
    expect(chunk).toEqual({ sends: 1, enqueued_at: longAgo });
  });
});
