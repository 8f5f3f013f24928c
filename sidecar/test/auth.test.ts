import { randomBytes } from "node:crypto";
import ssh2 from "ssh2";
import { describe, expect, it } from "vitest";
import { isAcceptedSignature } from "../src/algorithms";
import { verifyKeySignature } from "../src/auth";
import { generateEd25519KeyPair } from "../src/ed25519";

function keyPair(type: "ed25519" | "ecdsa") {
  const pair = type === "ecdsa" ? ssh2.utils.generateKeyPairSync("ecdsa", { bits: 256 }) : generateEd25519KeyPair();
  const priv = ssh2.utils.parseKey(pair.private);
  if (priv instanceof Error || Array.isArray(priv)) throw new Error("bad key");
  return { line: pair.public, key: priv, blob: priv.getPublicSSH() };
}

describe("verifyKeySignature", () => {
  for (const type of ["ed25519", "ecdsa"] as const) {
    it(`accepts a ${type} signature by the registered key`, () => {
      const { line, key, blob } = keyPair(type);
      const data = randomBytes(64);
      expect(verifyKeySignature(line, blob, data, key.sign(data))).toBe(true);
    });
  }

  it("refuses a signature over other data", () => {
    const { line, key, blob } = keyPair("ed25519");
    expect(verifyKeySignature(line, blob, randomBytes(64), key.sign(randomBytes(64)))).toBe(false);
  });

  it("refuses when the presented key is not the registered one, even with a valid signature", () => {
    const registered = keyPair("ed25519");
    const attacker = keyPair("ed25519");
    const data = randomBytes(64);
    expect(verifyKeySignature(registered.line, attacker.blob, data, attacker.key.sign(data))).toBe(false);
  });

  it("refuses when the Worker returned no key or garbage", () => {
    const { key, blob } = keyPair("ed25519");
    const data = randomBytes(64);
    expect(verifyKeySignature(null, blob, data, key.sign(data))).toBe(false);
    expect(verifyKeySignature("ssh-ed25519 not-base64", blob, data, key.sign(data))).toBe(false);
  });
});

describe("isAcceptedSignature", () => {
  it("allows ed25519, ecdsa and RSA with SHA-2 only", () => {
    expect(isAcceptedSignature("ssh-ed25519", undefined)).toBe(true);
    expect(isAcceptedSignature("ecdsa-sha2-nistp256", undefined)).toBe(true);
    expect(isAcceptedSignature("ssh-rsa", "sha512")).toBe(true);
    expect(isAcceptedSignature("ssh-rsa", undefined)).toBe(false);
    expect(isAcceptedSignature("ssh-dss", undefined)).toBe(false);
  });
});
