import { describe, expect, it } from "vitest";
import { groupBySize, planChunks } from "../../src/domain/chunking";

describe("planChunks", () => {
  it("splits by row count, numbering rows from 1 in order", () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ i }));
    const chunks = planChunks(rows, { maxRows: 10, maxBytes: 1e9 });
    expect(chunks.map((c) => [c.index, c.firstRowNumber, c.rows.length])).toEqual([
      [0, 1, 10],
      [1, 11, 10],
      [2, 21, 5],
    ]);
    expect(chunks.flatMap((c) => c.rows)).toEqual(rows);
  });

  it("splits by bytes, and a single oversized row still gets a chunk of its own", () => {
    const big = { s: "x".repeat(500) };
    const chunks = planChunks([{ a: 1 }, big, { b: 2 }], { maxRows: 100, maxBytes: 100 });
    expect(chunks.map((c) => c.rows)).toEqual([[{ a: 1 }], [big], [{ b: 2 }]]);
    expect(chunks[1]!.bytes).toBeGreaterThan(500);
  });

  it("counts UTF-8 bytes, not characters", () => {
    const [chunk] = planChunks([{ s: "é" }], { maxRows: 10, maxBytes: 1e6 });
    expect(chunk!.bytes).toBe(new TextEncoder().encode(JSON.stringify([{ s: "é" }])).byteLength);
  });

  it("returns no chunks for no rows", () => {
    expect(planChunks([], { maxRows: 10, maxBytes: 10 })).toEqual([]);
  });

  it("starts numbering at the given first row", () => {
    expect(planChunks([1, 2], { maxRows: 1, maxBytes: 1e6 }, 41).map((c) => c.firstRowNumber)).toEqual([41, 42]);
  });
});

describe("groupBySize", () => {
  it("respects both the count and the byte budget", () => {
    const groups = groupBySize([5, 5, 5, 5, 5], (n) => n, 3, 12);
    expect(groups).toEqual([[5, 5], [5, 5], [5]]);
    expect(groupBySize([1, 1, 1, 1], (n) => n, 3, 100)).toEqual([[1, 1, 1], [1]]);
  });
});
