import { describe, expect, it } from "vitest";
import { SFTP_PATH_MAX_BYTES, normalizeSftpPath } from "../../src/domain/sftp-path";

describe("SFTP paths", () => {
  it("keeps plain relative paths, drops '.' segments and composes Unicode to NFC", () => {
    expect(normalizeSftpPath("orders.csv.pgp")).toEqual({ ok: true, value: "orders.csv.pgp" });
    expect(normalizeSftpPath("./in/2026/./orders.csv")).toEqual({ ok: true, value: "in/2026/orders.csv" });
    expect(normalizeSftpPath("donne\u0301es.csv")).toEqual({ ok: true, value: "donn\u00e9es.csv" });
    expect(normalizeSftpPath("a b/c..d")).toEqual({ ok: true, value: "a b/c..d" });
  });

  it.each([
    ["../etc/passwd", "parent_segment"],
    ["in/../../x", "parent_segment"],
    ["..", "parent_segment"],
    ["/etc/passwd", "absolute"],
    ["in//x", "empty_segment"],
    ["in/", "empty_segment"],
    ["a\u0000b", "control_character"],
    ["a\nb", "control_character"],
    ["", "empty"],
    [".", "empty"],
    ["x".repeat(SFTP_PATH_MAX_BYTES + 1), "too_long"],
  ])("refuses %j (%s)", (raw, reason) => {
    expect(normalizeSftpPath(raw)).toEqual({ ok: false, error: reason });
  });
});
