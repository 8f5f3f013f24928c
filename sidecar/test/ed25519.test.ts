import ssh2 from "ssh2";
import { describe, expect, it } from "vitest";
import { generateEd25519KeyPair } from "../src/ed25519";

describe("generateEd25519KeyPair", () => {
  // ssh2's own generator makes about 1 unreadable pair in 256: 1,000 pairs would meet one 98% of the time.
  it("only hands out pairs ssh2 reads back, private and public", () => {
    for (let i = 0; i < 1000; i++) {
      const pair = generateEd25519KeyPair("test");
      for (const key of [pair.private, pair.public]) {
        const parsed = ssh2.utils.parseKey(key);
        if (parsed instanceof Error) throw new Error(`pair ${i}: ${parsed.message}`);
        expect((Array.isArray(parsed) ? parsed[0] : parsed)?.type).toBe("ssh-ed25519");
      }
    }
  });
});
