import { describe, expect, it } from "vitest";
import { fingerprintSshKey, isSameSshKey, parseSshPublicKey } from "../../src/domain/ssh-public-key";
import { decodeBase64 } from "../../src/domain/base64";
import { SSH_KEYS, keyData } from "../fixtures/ssh-keys";

describe("OpenSSH public keys", () => {
  it.each(["ed25519", "rsa2048", "ecdsa256"] as const)("reads a %s key and fingerprints it as ssh-keygen does", async (name) => {
    const parsed = parseSshPublicKey(SSH_KEYS[name].line);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.line).toBe(SSH_KEYS[name].line.split(" ").slice(0, 2).join(" "));
    expect(await fingerprintSshKey(parsed.value.blob)).toBe(SSH_KEYS[name].fingerprint);
  });

  it("refuses RSA under 2048 bits, unknown types, a blob of another type and garbage", () => {
    expect(parseSshPublicKey(SSH_KEYS.rsa1024.line)).toEqual({ ok: false, error: expect.stringMatching(/at least 2048 bits; this one has 1024/) });
    expect(parseSshPublicKey("ssh-dss AAAAB3NzaC1kc3M=")).toMatchObject({ ok: false });
    expect(parseSshPublicKey(`ssh-rsa ${keyData(SSH_KEYS.ed25519.line)}`)).toEqual({ ok: false, error: "The key data does not match its type" });
    expect(parseSshPublicKey("ssh-ed25519 not-base64!")).toEqual({ ok: false, error: "The key data is not base64" });
    expect(parseSshPublicKey("just-one-word")).toMatchObject({ ok: false });
  });

  it("matches an offered key by blob; RSA keys may be offered as rsa-sha2-256/512", () => {
    const rsa = parseSshPublicKey(SSH_KEYS.rsa2048.line);
    const ed = parseSshPublicKey(SSH_KEYS.ed25519.line);
    if (!rsa.ok || !ed.ok) throw new Error("fixtures");
    expect(isSameSshKey(rsa.value, "rsa-sha2-512", decodeBase64(keyData(SSH_KEYS.rsa2048.line))!)).toBe(true);
    expect(isSameSshKey(ed.value, "ssh-ed25519", decodeBase64(keyData(SSH_KEYS.ed25519.line))!)).toBe(true);
    expect(isSameSshKey(ed.value, "ssh-ed25519", decodeBase64(keyData(SSH_KEYS.ecdsa256.line))!)).toBe(false);
    expect(isSameSshKey(ed.value, "rsa-sha2-512", decodeBase64(keyData(SSH_KEYS.ed25519.line))!)).toBe(false);
  });
});
