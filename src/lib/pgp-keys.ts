import { generateKey, readKey } from "openpgp";
import { err, ok, type Result } from "../domain/result";

/**
 * A fresh, unprotected PGP keypair (EdDSA signing key with a cv25519
 * encryption subkey: v4 keys every current GnuPG and openpgp.js read).
 * The caller seals the private key before storing it.
 */
export async function generatePgpKeyPair(userName: string): Promise<{ publicKey: string; privateKey: string }> {
  const { publicKey, privateKey } = await generateKey({ type: "ecc", curve: "curve25519Legacy", userIDs: [{ name: userName }], format: "armored" });
  return { publicKey, privateKey };
}

/**
 * A partner's armored public key that can verify signatures now; refuses
 * private keys (never store a partner's secret) and expired or revoked keys.
 */
export async function readPartnerPublicKey(armored: string): Promise<Result<{ armored: string; fingerprint: string }, string>> {
  let key;
  try {
    key = await readKey({ armoredKey: armored });
  } catch (e) {
    return err(`Not an armored PGP public key (${e instanceof Error ? e.message : String(e)})`);
  }
  if (key.isPrivate()) return err("This is a private key: send only the public key");
  try {
    await key.getSigningKey();
  } catch {
    return err("The key has no valid signing key (expired, revoked, or encryption-only)");
  }
  return ok({ armored: key.armor(), fingerprint: key.getFingerprint().toUpperCase() });
}
