import { describe, expect, it } from "vitest";
import { attributesOf, findNode, listDirectory } from "../src/listing";

const file = (path: string, size = 10) => ({ path, size, status: "ready", uploaded_at: "2026-11-25T12:00:00.000Z" });
const files = [file("orders.csv.pgp", 42), file("in/a.csv"), file("in/deep/b.csv"), file("zeta.csv")];

describe("listDirectory", () => {
  it("lists the root's files and one directory per deeper prefix", () => {
    expect(listDirectory(files, "").map((n) => [n.kind, n.name])).toEqual([
      ["dir", "in"],
      ["file", "orders.csv.pgp"],
      ["file", "zeta.csv"],
    ]);
    expect(listDirectory(files, "in").map((n) => n.name)).toEqual(["a.csv", "deep"]);
  });
});

describe("findNode", () => {
  it("finds files, implicit directories, the root, and nothing else", () => {
    expect(findNode(files, "orders.csv.pgp")?.kind).toBe("file");
    expect(findNode(files, "in/deep")?.kind).toBe("dir");
    expect(findNode(files, "")?.kind).toBe("dir");
    expect(findNode(files, "missing.csv")).toBeNull();
    expect(findNode(files, "in/de")).toBeNull();
  });

  it("reports the size and upload time", () => {
    const attrs = attributesOf(findNode(files, "orders.csv.pgp")!);
    expect(attrs.size).toBe(42);
    expect(attrs.mtime).toBe(Date.parse("2026-11-25T12:00:00Z") / 1000);
  });
});
