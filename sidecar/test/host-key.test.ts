import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ssh2 from "ssh2";
import { afterAll, describe, expect, it } from "vitest";
import { loadOrCreateHostKey } from "../src/host-key";

const dir = mkdtempSync(path.join(tmpdir(), "host-key-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadOrCreateHostKey", () => {
  it("generates an ed25519 key (0600) on first start and keeps it afterwards", () => {
    const file = path.join(dir, "state", "ssh_host_ed25519_key");
    const first = loadOrCreateHostKey(file);
    const parsed = ssh2.utils.parseKey(first);
    expect(parsed instanceof Error ? parsed.message : (Array.isArray(parsed) ? parsed[0] : parsed)?.type).toBe("ssh-ed25519");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateHostKey(file).equals(first)).toBe(true);
  });
});
