import ssh2 from "ssh2";

/**
 * An ed25519 key pair in OpenSSH format that ssh2 can read back. ssh2's
 * generator strips leading zero bytes from the public key, so about one pair
 * in 256 is malformed and `parseKey` refuses it (mscdex/ssh2#1390, #1513): a
 * host key like that would stop the server from ever starting. Such a pair is
 * thrown away and made again.
 */
export function generateEd25519KeyPair(comment?: string): { private: string; public: string } {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync("ed25519", comment ? { comment } : {});
    if ([pair.private, pair.public].every(readable)) return pair;
  }
}

function readable(key: string): boolean {
  const parsed = ssh2.utils.parseKey(key);
  return !(parsed instanceof Error) && !(Array.isArray(parsed) && parsed.length === 0);
}
