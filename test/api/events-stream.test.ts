import { describe, expect, it } from "vitest";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

type Frame = { event: string; data: any };

/** Every frame of an SSE body, in order. */
const framesOf = (text: string): Frame[] =>
  text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const field = (name: string) => block.split("\n").find((l) => l.startsWith(`${name}: `))!.slice(name.length + 2);
      return { event: field("event"), data: JSON.parse(field("data")) };
    });

describe("the live event stream of a batch", () => {
  it("reads a whole batch: progress first, progress as rows are counted, completed with the final batch, then the end", async () => {
    const { key } = await newProject();
    // 5 chunks of 10 rows, 200 ms each: rows are counted over about a second.
    const rows = Array.from({ length: 50 }, (_, i) => (i === 7 ? 7 : { unique_id: `r${i}` }));
    const { json } = await createBatch(key, { operation: "echo", source: { kind: "inline", rows }, params: { delay_ms: 200 } });
    const res = await call("GET", `/v2/batch/operations/${json.id}/events`, { key });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/event-stream; charset=utf-8");
    const frames = framesOf(res.text);
    expect(frames[0]!.event).toBe("progress");
    expect(frames.at(-1)).toMatchObject({ event: "completed", data: { id: json.id, status: "partially_failed", progress: { rows_processed: 50, rows_failed: 1, eta_seconds: 0 } } });
    expect(frames.slice(0, -1).every((f) => f.event === "progress")).toBe(true);
    // Counts only grow, and more than one progress came while rows were counted.
    const processed = frames.map((f) => f.data.progress.rows_processed);
    expect([...processed].sort((a, b) => a - b)).toEqual(processed);
    expect(new Set(processed.slice(0, -1)).size).toBeGreaterThan(1);
    expect(frames.at(-1)!.data).toEqual((await call("GET", `/v2/batch/operations/${json.id}`, { key })).json);
  });

  it("answers a batch that already ended with its state and completed, and another project's with 404", async () => {
    const { key } = await newProject();
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }] } })).json.id);
    const frames = framesOf((await call("GET", `/v2/batch/operations/${batch.id}/events`, { key })).text);
    expect(frames.map((f) => f.event)).toEqual(["progress", "completed"]);
    expect(frames[1]!.data).toMatchObject({ id: batch.id, status: "succeeded" });
    const other = await newProject("other");
    expect((await call("GET", `/v2/batch/operations/${batch.id}/events`, { key: other.key })).status).toBe(404);
  });
});
