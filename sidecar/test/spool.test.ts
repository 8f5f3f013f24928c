import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SpoolFile } from "../src/spool";

const dir = mkdtempSync(path.join(tmpdir(), "spool-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SpoolFile", () => {
  it("puts pipelined, out-of-order writes at their offsets", async () => {
    const data = randomBytes(10 * 32 * 1024);
    const spool = await SpoolFile.create(dir);
    const offsets = Array.from({ length: 10 }, (_, i) => i * 32 * 1024).reverse();
    // All in flight at once, as an SFTP client sends them; last block first.
    const writes = offsets.map((offset) => spool.write(offset, data.subarray(offset, offset + 32 * 1024)));
    await spool.finish();
    await Promise.all(writes);
    expect(spool.size).toBe(data.length);
    expect(readFileSync(spool.path).equals(data)).toBe(true);
    await spool.discard();
    expect(existsSync(spool.path)).toBe(false);
  });

  it("creates private files with fresh names", async () => {
    const [a, b] = await Promise.all([SpoolFile.create(dir), SpoolFile.create(dir)]);
    expect(a.path).not.toBe(b.path);
    const { statSync } = await import("node:fs");
    expect(statSync(a.path).mode & 0o777).toBe(0o600);
    await Promise.all([a.discard(), b.discard()]);
  });
});
