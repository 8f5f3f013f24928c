import * as openpgp from "openpgp";
import { beforeAll, describe, expect, it } from "vitest";
import { decryptStream, PgpError } from "../src/pgp";
import { encryptedBomb } from "./support/compression-bomb";

type Pair = { privateKey: string; publicKey: string };
const generate = (name: string): Promise<Pair> => openpgp.generateKey({ type: "ecc", userIDs: [{ name }], format: "armored" });

const csv = new TextEncoder().encode("unique_id,email\nc-1,ada@example.com\nc-2,grace@example.com\n");
const streamOf = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      // Several chunks, as a file read would give.
      for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
      controller.close();
    },
  });

async function encrypt(data: Uint8Array, to: Pair, options: { signer?: Pair; armored?: boolean } = {}): Promise<Uint8Array> {
  const common = {
    message: await openpgp.createMessage({ binary: data }),
    encryptionKeys: await openpgp.readKey({ armoredKey: to.publicKey }),
    ...(options.signer ? { signingKeys: await openpgp.readPrivateKey({ armoredKey: options.signer.privateKey }) } : {}),
  };
  if (options.armored) return new TextEncoder().encode(await openpgp.encrypt({ ...common, format: "armored" }));
  return openpgp.encrypt({ ...common, format: "binary" });
}

// No plaintext limit, except in the tests of it.
const UNLIMITED = { maxPlaintextBytes: Number.MAX_SAFE_INTEGER };

async function decryptToText(bytes: Uint8Array, tenant: Pair, partner: Pair | null): Promise<string> {
  const plaintext = await decryptStream(streamOf(bytes), { privateKey: tenant.privateKey, partnerPublicKey: partner?.publicKey ?? null }, UNLIMITED);
  return new Response(plaintext).text();
}

async function failureOf(work: Promise<unknown>): Promise<PgpError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PgpError);
  return error as PgpError;
}

describe("decryptStream", () => {
  let tenant: Pair, other: Pair, partner: Pair, stranger: Pair;
  beforeAll(async () => {
    [tenant, other, partner, stranger] = await Promise.all([generate("tenant"), generate("other"), generate("partner"), generate("stranger")]);
  });

  it("decrypts a binary message encrypted to the credential's key", async () => {
    expect(await decryptToText(await encrypt(csv, tenant), tenant, null)).toBe(new TextDecoder().decode(csv));
  });

  it("decrypts an ASCII-armored message too", async () => {
    expect(await decryptToText(await encrypt(csv, tenant, { armored: true }), tenant, null)).toBe(new TextDecoder().decode(csv));
  });

  it("says 'not encrypted to this credential's key' for a message to another key", async () => {
    const error = await failureOf(decryptToText(await encrypt(csv, other), tenant, null));
    expect(error.reason).toBe("not_encrypted_to_key");
    expect(error.message).toBe("not encrypted to this credential's key");
  });

  it("verifies a message signed by the partner's key", async () => {
    expect(await decryptToText(await encrypt(csv, tenant, { signer: partner }), tenant, partner)).toBe(new TextDecoder().decode(csv));
  });

  it("says 'signature verification failed' for a tampered signature", async () => {
    // Sign, flip a byte of the signature value (the packet's last bytes), then encrypt that.
    const signed = (await openpgp.sign({
      message: await openpgp.createMessage({ binary: csv }),
      signingKeys: await openpgp.readPrivateKey({ armoredKey: partner.privateKey }),
      format: "binary",
    })) as Uint8Array;
    signed[signed.length - 3]! ^= 0x01;
    const tampered = await openpgp.readMessage({ binaryMessage: signed });
    const encrypted = await tampered.encrypt([await openpgp.readKey({ armoredKey: tenant.publicKey })]);
    const error = await failureOf(decryptToText(encrypted.write() as Uint8Array, tenant, partner));
    expect(error.reason).toBe("signature_failed");
    expect(error.message).toBe("signature verification failed");
  });

  it("refuses a message signed by someone other than the partner", async () => {
    const error = await failureOf(decryptToText(await encrypt(csv, tenant, { signer: stranger }), tenant, partner));
    expect(error.message).toBe("signature verification failed");
  });

  it("refuses an unsigned message when the credential has a partner key", async () => {
    const error = await failureOf(decryptToText(await encrypt(csv, tenant), tenant, partner));
    expect(error.message).toBe("signature verification failed");
  });

  it("says 'not an OpenPGP message' for a plain CSV", async () => {
    const error = await failureOf(decryptToText(csv, tenant, null));
    expect(error.reason).toBe("not_openpgp");
    expect(error.message).toBe("not an OpenPGP message");
  });

  it("refuses a damaged ciphertext at the end of the stream", async () => {
    const encrypted = await encrypt(csv, tenant);
    encrypted[encrypted.length - 5]! ^= 0x01;
    const error = await failureOf(decryptToText(encrypted, tenant, null));
    expect(error.reason).toBe("corrupt");
  });

  it("streams: plaintext arrives before the whole ciphertext has been read", async () => {
    const big = new Uint8Array(4 * 1024 * 1024).fill(65);
    const encrypted = await encrypt(big, tenant);
    let fed = 0;
    let firstPlaintextAt = -1;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (fed >= encrypted.length) return controller.close();
        controller.enqueue(encrypted.slice(fed, fed + 64 * 1024));
        fed += 64 * 1024;
      },
    });
    const plaintext = await decryptStream(source, { privateKey: tenant.privateKey, partnerPublicKey: null }, UNLIMITED);
    let total = 0;
    for await (const chunk of plaintext) {
      if (firstPlaintextAt < 0) firstPlaintextAt = fed;
      total += chunk.length;
    }
    expect(total).toBe(big.length);
    expect(firstPlaintextAt).toBeLessThan(encrypted.length / 2);
  });

  describe("bounds what one file can cost", () => {
    const MiB = 1024 * 1024;

    /** `total` bytes of `text` (repeated), as 1 MiB reads of a file; counts what was read. */
    const countingSource = (head: string, filler: string, total: number) => {
      let pulled = 0;
      const stream = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (pulled >= total) return controller.close();
            const text = (pulled === 0 ? head : "") + filler.repeat(Math.ceil(MiB / filler.length));
            const chunk = new TextEncoder().encode(text.slice(0, MiB));
            pulled += chunk.length;
            controller.enqueue(chunk);
          },
        },
        { highWaterMark: 0 },
      );
      return { stream, pulled: () => pulled };
    };
    const decryptAll = async (input: ReadableStream<Uint8Array>, maxPlaintextBytes = UNLIMITED.maxPlaintextBytes) => {
      let received = 0;
      const error = await (async () => {
        for await (const chunk of await decryptStream(input, { privateKey: tenant.privateKey, partnerPublicKey: null }, { maxPlaintextBytes })) received += chunk.length;
      })().then(
        () => null,
        (e: unknown) => e as Error,
      );
      return { error, received };
    };

    it.each(["zlib", "bzip2"] as const)("stops a %s compression bomb at the plaintext limit", async (algorithm) => {
      const bomb = await encryptedBomb(algorithm, 64 * MiB, tenant.publicKey);
      const { error, received } = await decryptAll(streamOf(bomb), MiB);
      expect(error?.message).toBe("decrypted file larger than 1048576 bytes, the most this upload may expand to: compress it less or split it");
      expect(received).toBeLessThanOrEqual(MiB);
    });

    it("decrypts a compressed file within its limit", async () => {
      const bomb = await encryptedBomb("zlib", 4 * MiB, tenant.publicKey);
      expect(await decryptAll(streamOf(bomb), 4 * MiB)).toEqual({ error: null, received: 4 * MiB });
    });

    it("refuses an armored file whose first line never ends, having read only the start of it", async () => {
      const source = countingSource("", "A", 64 * MiB);
      const { error } = await decryptAll(source.stream);
      expect(error).toBeInstanceOf(PgpError);
      expect(error?.message).toBe("not an OpenPGP message");
      expect(source.pulled()).toBeLessThanOrEqual(4 * MiB);
    });

    it("refuses armor with padding early in its data, without reading the rest of the file", async () => {
      // openpgp's armor reader reads everything after an "=" or "-" in the data into one string.
      const source = countingSource("-----BEGIN PGP MESSAGE-----\n\nwV4D=\n", "A".repeat(63) + "\n", 64 * MiB);
      const { error } = await decryptAll(source.stream);
      expect(error?.message).toBe("not an OpenPGP message");
      expect(source.pulled()).toBeLessThanOrEqual(4 * MiB);
    });
  });
});
