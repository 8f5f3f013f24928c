import { describe, expect, it } from "vitest";
import { addChunkCounts, initialState, isTerminal, terminalStatusFor, transition, BATCH_STATUSES, type BatchState } from "../../src/domain/batch-state";

const at = "2026-01-01T00:00:00.000Z";
const running = (): BatchState => {
  const r = transition(initialState(10), { type: "start", at });
  if (!r.ok) throw new Error("start failed");
  return r.value;
};

describe("batch state machine", () => {
  it("starts accepted with zeroed counters", () => {
    expect(initialState(5)).toMatchObject({ status: "accepted", started_at: null, progress: { rows_total: 5, rows_processed: 0 } });
  });

  it("moves accepted → running and stamps started_at", () => {
    expect(running()).toMatchObject({ status: "running", started_at: at, completed_at: null });
  });

  it.each([
    [{ s: 10, f: 0 }, "succeeded"],
    [{ s: 7, f: 3 }, "partially_failed"],
    [{ s: 0, f: 10 }, "failed"],
    [{ s: 0, f: 0 }, "succeeded"],
  ] as const)("finishes %o as %s", ({ s, f }, expected) => {
    const state = { ...running(), progress: addChunkCounts(running().progress, s, f) };
    const r = transition(state, { type: "finish", at });
    expect(r.ok && r.value.status).toBe(expected);
    expect(r.ok && r.value.completed_at).toBe(at);
  });

  it("cannot finish a batch that never started", () => {
    expect(transition(initialState(1), { type: "finish", at })).toEqual({
      ok: false,
      error: { code: "invalid_transition", from: "accepted", event: "finish" },
    });
  });

  it("cancels from accepted and running only", () => {
    expect(transition(initialState(1), { type: "cancel", at }).ok).toBe(true);
    expect(transition(running(), { type: "cancel", at }).ok).toBe(true);
  });

  it("pauses a running batch and resumes it; a paused one can be cancelled or failed, not finished", () => {
    const paused = transition(running(), { type: "pause", at });
    expect(paused.ok && paused.value.status).toBe("paused");
    const state = paused.ok ? paused.value : running();
    expect(transition(state, { type: "resume", at })).toMatchObject({ ok: true, value: { status: "running", started_at: at, completed_at: null } });
    expect(transition(state, { type: "cancel", at })).toMatchObject({ ok: true, value: { status: "cancelled" } });
    expect(transition(state, { type: "fail", at, failure: { code: "x", message: "y" } })).toMatchObject({ ok: true, value: { status: "failed" } });
    expect(transition(state, { type: "finish", at })).toMatchObject({ ok: false, error: { code: "invalid_transition", from: "paused" } });
    expect(transition(initialState(1), { type: "pause", at })).toMatchObject({ ok: false, error: { code: "invalid_transition", from: "accepted" } });
    expect(transition(running(), { type: "resume", at })).toMatchObject({ ok: false, error: { code: "invalid_transition" } });
  });

  it("records why a batch failed", () => {
    const r = transition(running(), { type: "fail", at, failure: { code: "source_unreadable", message: "404" } });
    expect(r.ok && r.value).toMatchObject({ status: "failed", failure: { code: "source_unreadable" } });
  });

  it.each(BATCH_STATUSES.filter(isTerminal))("never leaves terminal state %s", (status) => {
    const state = { ...running(), status };
    for (const type of ["start", "finish", "cancel"] as const) {
      expect(transition(state, { type, at })).toMatchObject({ ok: false, error: { code: "batch_terminal" } });
    }
  });

  it("knows which states are terminal", () => {
    expect(BATCH_STATUSES.filter(isTerminal)).toEqual(["succeeded", "partially_failed", "failed", "cancelled"]);
  });

  it("keeps processed equal to succeeded + failed", () => {
    let p = initialState(null).progress;
    p = addChunkCounts(p, 3, 2);
    p = addChunkCounts(p, 4, 0);
    expect(p).toEqual({ rows_total: null, rows_processed: 9, rows_succeeded: 7, rows_failed: 2 });
  });

  it("derives the terminal status from counters alone", () => {
    expect(terminalStatusFor({ rows_total: 2, rows_processed: 2, rows_succeeded: 1, rows_failed: 1 })).toBe("partially_failed");
  });
});
