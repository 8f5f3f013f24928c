import { describe, expect, it, vi } from "vitest";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

const destructive = { "X-Operator-Override": "destructive" };
const slowRows = (n: number) => ({ operation: "echo", source: { kind: "inline", rows: Array.from({ length: n }, (_, i) => ({ unique_id: `r${i + 1}` })) }, params: { delay_ms: 200 } });

async function waitForProgress(key: string, id: string) {
  await vi.waitFor(async () => expect((await call("GET", `/v2/batch/operations/${id}`, { key })).json.progress.rows_processed).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
}

/** The batch once its counters stopped moving (chunks running at the pause have finished). */
async function settled(key: string, id: string) {
  return vi.waitFor(
    async () => {
      const before = (await call("GET", `/v2/batch/operations/${id}`, { key })).json;
      await new Promise((resolve) => setTimeout(resolve, 600));
      const after = (await call("GET", `/v2/batch/operations/${id}`, { key })).json;
      expect(after.progress.rows_processed).toBe(before.progress.rows_processed);
      return after;
    },
    { timeout: 15_000 },
  );
}

describe("pause and resume", () => {
  it("pauses a running batch (rows running finish, none start), resumes it, and every row is counted once", async () => {
    const { key } = await newProject();
    const { json } = await createBatch(key, slowRows(200)); // 20 chunks of 10, 0.2 s each
    await waitForProgress(key, json.id);
    const paused = await call("POST", `/v2/batch/operations/${json.id}/pause`, { key });
    expect(paused.status).toBe(200);
    expect(paused.json.status).toBe("paused");
    const held = await settled(key, json.id);
    expect(held.status).toBe("paused");
    expect(held.progress.rows_processed).toBeLessThan(200);
    expect((await call("POST", `/v2/batch/operations/${json.id}/pause`, { key })).json.status).toBe("paused");

    const resumed = await call("POST", `/v2/batch/operations/${json.id}/resume`, { key });
    expect(resumed.status).toBe(200);
    expect(resumed.json.status).toBe("running");
    const done = await waitForTerminal(key, json.id);
    expect(done).toMatchObject({ status: "succeeded", progress: { rows_total: 200, rows_processed: 200, rows_succeeded: 200, rows_failed: 0 } });
    const results = (await call("GET", `/v2/batch/operations/${json.id}/result?limit=1000`, { key })).json.results;
    expect(results.map((r: { row_number: number }) => r.row_number)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it("cancels a paused batch; a finished one answers 409 batch_terminal; another project's is 404", async () => {
    const { key } = await newProject();
    const { json } = await createBatch(key, slowRows(100));
    await waitForProgress(key, json.id);
    expect((await call("POST", `/v2/batch/operations/${json.id}/pause`, { key })).status).toBe(200);
    expect((await call("DELETE", `/v2/batch/operations/${json.id}`, { key, headers: destructive })).status).toBe(204);
    const cancelled = await waitForTerminal(key, json.id);
    expect(cancelled.status).toBe("cancelled");
    for (const action of ["pause", "resume"]) {
      const res = await call("POST", `/v2/batch/operations/${json.id}/${action}`, { key });
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe("batch_terminal");
    }
    const other = await newProject("other");
    expect((await call("POST", `/v2/batch/operations/${json.id}/pause`, { key: other.key })).status).toBe(404);
    await settled(key, json.id);
  });
});
