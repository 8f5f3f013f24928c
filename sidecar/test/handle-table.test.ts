import { describe, expect, it } from "vitest";
import { HandleTable } from "../src/handle-table";

describe("HandleTable", () => {
  it("maps the handles it gives out back to their values; unknown or malformed handles to nothing", () => {
    const table = new HandleTable<string>(4);
    const a = table.add("a");
    const b = table.add("b");
    expect([table.get(a), table.get(b)]).toEqual(["a", "b"]);
    table.delete(a);
    expect(table.get(a)).toBeUndefined();
    expect(table.get(Buffer.from([1, 2]))).toBeUndefined();
  });

  it("keeps at most `max` places, counting opens still under way, and frees one when a handle is closed", () => {
    const table = new HandleTable<string>(2);
    expect(table.keepPlace()).toBe(true);
    expect(table.keepPlace()).toBe(true);
    expect(table.keepPlace()).toBe(false);
    const first = table.add("first");
    table.returnPlace();
    expect(table.keepPlace()).toBe(false);
    table.returnPlace();
    expect(table.keepPlace()).toBe(true);
    table.returnPlace();
    table.delete(first);
    expect(table.keepPlace()).toBe(true);
  });
});
