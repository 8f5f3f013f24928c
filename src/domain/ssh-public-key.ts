import { decodeBase64, encodeBase64 } from "./base64";
import { bytesEqual } from "./constant-time";
import { err, ok, type Result } from "./result";

/** Smallest RSA modulus accepted, in bits. */
export const RSA_MIN_BITS = 2048;

const ECDSA_CURVES: Record<string, string> = {
  "ecdsa-sha2-nistp256": "nistp256",
  "ecdsa-sha2-nistp384": "nistp384",
  "ecdsa-sha2-nistp521": "nistp521",
};

export type SshPublicKey = {
  /** the key type, e.g. `ssh-ed25519` */
  type: string;
  /** the wire-format key blob (what `key_data` carries at login) */
  blob: Uint8Array;
  /** `type base64`, the comment dropped */
  line: string;
};

/** Reads the SSH wire format: uint32 length-prefixed strings and mpints. */
function fields(blob: Uint8Array): Uint8Array[] | null {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const out: Uint8Array[] = [];
  for (let at = 0; at < blob.byteLength; ) {
    if (at + 4 > blob.byteLength) return null;
    const length = view.getUint32(at);
    if (at + 4 + length > blob.byteLength) return null;
    out.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return out;
}

const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : "");

/** Bits of a positive mpint (leading zero bytes ignored). */
function mpintBits(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/**
 * Parses one OpenSSH public key line (`ssh-ed25519 AAAA... comment`), as in
 * authorized_keys without options. Accepts ed25519, ECDSA on the NIST curves
 * and RSA of at least 2,048 bits; checks that the blob matches its type.
 */
export function parseSshPublicKey(line: string): Result<SshPublicKey, string> {
  const [type, data] = line.trim().split(/\s+/);
  if (!type || !data) return err("Expected an OpenSSH public key line: '<type> <base64> [comment]'");
  const blob = decodeBase64(data);
  if (!blob) return err("The key data is not base64");
  const parts = fields(blob);
  if (!parts || text(parts[0]) !== type) return err("The key data does not match its type");
  if (type === "ssh-ed25519") {
    if (parts.length !== 2 || parts[1]!.byteLength !== 32) return err("Not a valid ed25519 key");
  } else if (type in ECDSA_CURVES) {
    if (parts.length !== 3 || text(parts[1]) !== ECDSA_CURVES[type] || parts[2]!.byteLength === 0) return err("Not a valid ECDSA key");
  } else if (type === "ssh-rsa") {
    if (parts.length !== 3) return err("Not a valid RSA key");
    const bits = mpintBits(parts[2]!);
    if (bits < RSA_MIN_BITS) return err(`RSA keys must have at least ${RSA_MIN_BITS} bits; this one has ${bits}`);
  } else {
    return err(`Unsupported key type ${type}: use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa`);
  }
  return ok({ type, blob, line: `${type} ${data}` });
}

/** `SHA256:<unpadded base64>` of the blob, as `ssh-keygen -l` prints it. */
export async function fingerprintSshKey(blob: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", blob));
  return `SHA256:${encodeBase64(digest).replace(/=+$/, "")}`;
}

/**
 * Whether a login's offered key is this registered key. `algo` is the
 * signature algorithm the client named: RSA keys sign as rsa-sha2-256/512.
 */
export function isSameSshKey(registered: SshPublicKey, algo: string, blob: Uint8Array): boolean {
  const algoFits = algo === registered.type || (registered.type === "ssh-rsa" && (algo === "rsa-sha2-256" || algo === "rsa-sha2-512"));
  return bytesEqual(registered.blob, blob) && algoFits;
}
