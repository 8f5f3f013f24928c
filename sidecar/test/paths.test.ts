import { describe, expect, it } from "vitest";
import { resolveClientPath, toClientPath } from "../src/paths";

const ok = (path: string) => ({ ok: true, path });
const refused = (reason: string) => ({ ok: false, reason });

describe("resolveClientPath", () => {
  it("maps absolute and relative client paths into the root", () => {
    expect(resolveClientPath("/orders.csv.pgp")).toEqual(ok("orders.csv.pgp"));
    expect(resolveClientPath("orders.csv.pgp")).toEqual(ok("orders.csv.pgp"));
    expect(resolveClientPath("/in/2026/orders.csv")).toEqual(ok("in/2026/orders.csv"));
  });

  it("treats the root, '.', '' and repeated slashes as the root", () => {
    for (const root of ["/", ".", "", "//", "/./", "./."]) expect(resolveClientPath(root)).toEqual(ok(""));
    expect(resolveClientPath("//a//b/./c")).toEqual(ok("a/b/c"));
  });

  it("allows '..' that stays inside the root", () => {
    expect(resolveClientPath("/a/../b.csv")).toEqual(ok("b.csv"));
    expect(resolveClientPath("a/b/../../c")).toEqual(ok("c"));
  });

  it("refuses '..' that climbs out of the root, in every position", () => {
    for (const p of ["..", "/..", "../etc/passwd", "/../../etc/passwd", "a/../../b", "/a/b/../../../c", "./.."]) {
      expect(resolveClientPath(p)).toEqual(refused("escapes_root"));
    }
  });

  it("keeps absolute paths that look like system paths inside the root", () => {
    // The partner's "/" is its own root, so /etc/passwd names a (non-existent) upload, never the host file.
    expect(resolveClientPath("/etc/passwd")).toEqual(ok("etc/passwd"));
  });

  it("refuses NUL and control characters", () => {
    expect(resolveClientPath("a.csv\0.pgp")).toEqual(refused("nul"));
    expect(resolveClientPath("a\nb")).toEqual(refused("control_character"));
  });

  it("refuses paths longer than 1024 bytes", () => {
    expect(resolveClientPath("a".repeat(1025))).toEqual(refused("too_long"));
    expect(resolveClientPath("a".repeat(1024))).toEqual(ok("a".repeat(1024)));
  });

  it("never yields a leading slash, an empty segment, '.' or '..' (the Worker's rules)", () => {
    const samples = ["/x/./y//z/", "a/./../b", "///c", "d/e/..", "./f/g/."];
    for (const sample of samples) {
      const resolved = resolveClientPath(sample);
      if (!resolved.ok || resolved.path === "") continue;
      for (const segment of resolved.path.split("/")) expect(["", ".", ".."]).not.toContain(segment);
    }
  });

  it("shows paths to the client as absolute", () => {
    expect(toClientPath("")).toBe("/");
    expect(toClientPath("a/b.csv")).toBe("/a/b.csv");
  });
});
