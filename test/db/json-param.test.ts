import { describe, expect, it } from "vitest";
import { groupJsonByBytes } from "../../src/db/json-param";

const bytes = (s: string) => new TextEncoder().encode(s).byteLength;

describe("groupJsonByBytes", () => {
  it("keeps every item once, in order, as JSON arrays of at most maxRows", () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ n: i }));
    const groups = groupJsonByBytes(items, { maxRows: 10, maxBytes: 1e6 });
    expect(groups.map((g) => JSON.parse(g).length)).toEqual([10, 10, 5]);
    expect(groups.flatMap((g) => JSON.parse(g))).toEqual(items);
  });

  it("splits a group that is too many UTF-8 bytes, counting bytes rather than characters", () => {
    // 40 characters but 80 bytes each: by length alone they would all fit in one group.
    const items = Array.from({ length: 8 }, (_, i) => ({ n: i, s: "é".repeat(30) }));
    const groups = groupJsonByBytes(items, { maxRows: 100, maxBytes: 200 });
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups) expect(bytes(g)).toBeLessThanOrEqual(200);
    expect(groups.flatMap((g) => JSON.parse(g))).toEqual(items);
  });

  it("gives an item bigger than the limit a group of its own", () => {
    const big = { s: "x".repeat(500) };
    const groups = groupJsonByBytes([{ a: 1 }, big, { b: 2 }], { maxRows: 100, maxBytes: 100 });
    expect(groups.map((g) => JSON.parse(g))).toEqual([[{ a: 1 }], [big], [{ b: 2 }]]);
  });

  it("replaces an item bigger than the limit when told how", () => {
    const big = { s: "x".repeat(500) };
    const groups = groupJsonByBytes([{ a: 1 }, big, { b: 2 }], { maxRows: 100, maxBytes: 100 }, () => ({ s: "too big" }));
    expect(groups.map((g) => JSON.parse(g))).toEqual([[{ a: 1 }], [{ s: "too big" }], [{ b: 2 }]]);
  });

  it("returns no groups for no items", () => {
    expect(groupJsonByBytes([])).toEqual([]);
  });
});
