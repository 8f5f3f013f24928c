import * as openpgp from "openpgp";
import { beforeAll, describe, expect, it } from "vitest";
import { ArmorDecoder, dearmor, MAX_ARMOR_HEAD_BYTES, MAX_ARMOR_LINE_BYTES } from "../src/armor";
import { PgpError } from "../src/pgp-error";

const text = (s: string) => new TextEncoder().encode(s);

/** Feeds `input` to a decoder in `size`-byte chunks, then ends it; returns the bytes it gave. */
function decodeInChunks(input: Uint8Array, size: number): Buffer {
  const decoder = new ArmorDecoder();
  const out: Uint8Array[] = [];
  for (let i = 0; i < input.length; i += size) out.push(decoder.push(input.subarray(i, i + size)));
  out.push(decoder.end());
  return Buffer.concat(out);
}

function refusal(work: () => unknown): PgpError {
  try {
    work();
  } catch (e) {
    expect(e).toBeInstanceOf(PgpError);
    expect((e as PgpError).reason).toBe("not_openpgp");
    return e as PgpError;
  }
  throw new Error("expected a refusal");
}

describe("ArmorDecoder", () => {
  let armored: string;
  let binary: Buffer;
  beforeAll(async () => {
    const { publicKey } = await openpgp.generateKey({ type: "ecc", userIDs: [{ name: "t" }], format: "armored" });
    const message = await openpgp.createMessage({ binary: new Uint8Array(5000).map((_, i) => i % 251) });
    binary = Buffer.from(await openpgp.encrypt({ message, encryptionKeys: await openpgp.readKey({ armoredKey: publicKey }), format: "binary" }));
    // With a CRC-24 line, as GnuPG writes it.
    armored = openpgp.armor(openpgp.enums.armor.message, binary, undefined, undefined, undefined, true);
  });

  it("gives the binary packets of an armored message, however the file is cut into reads", () => {
    for (const size of [1, 7, 64, 1024 * 1024]) expect(decodeInChunks(text(armored), size).equals(binary)).toBe(true);
  });

  it("takes CRLF line ends, trailing spaces, headers, and text before BEGIN", () => {
    const [begin, blank, ...rest] = armored.trim().split("\n");
    expect(blank).toBe("");
    const variant = ["Here is the file:", "", begin, "Version: GnuPG v2", "Comment: orders", "", ...rest].join("  \r\n");
    expect(decodeInChunks(text(variant), 13).equals(binary)).toBe(true);
  });

  it("ignores what follows the END line, and says it is done", () => {
    const decoder = new ArmorDecoder();
    const bytes = decoder.push(text(`${armored}\nthis is not read\n`));
    expect(decoder.done).toBe(true);
    expect(Buffer.from(bytes).equals(binary)).toBe(true);
  });

  it(`refuses a line longer than ${MAX_ARMOR_LINE_BYTES} bytes without waiting for its end`, () => {
    const decoder = new ArmorDecoder();
    const error = refusal(() => {
      for (let i = 0; i < 100; i++) decoder.push(text("A".repeat(1024)));
    });
    expect(error.detail).toBe(`armor line longer than ${MAX_ARMOR_LINE_BYTES} bytes`);
  });

  it(`refuses text with no armor data in its first ${MAX_ARMOR_HEAD_BYTES} bytes`, () => {
    const decoder = new ArmorDecoder();
    const error = refusal(() => {
      for (let i = 0; i < 10_000; i++) decoder.push(text("unique_id,email\n"));
    });
    expect(error.detail).toMatch(/no armor data in the first/);
  });

  it("refuses data after the padding that ends it (openpgp.js would read the rest of the file into memory)", () => {
    const error = refusal(() => new ArmorDecoder().push(text("-----BEGIN PGP MESSAGE-----\n\nwV4D=\nAAAA\n")));
    expect(error.detail).toBe("armor data after its end");
  });

  it.each([
    ["a line that is not base64", "-----BEGIN PGP MESSAGE-----\n\nwV4D!x\n", "armor line that is not base64"],
    ["another kind of armor", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n", "armor of another kind than PGP MESSAGE"],
    ["headers without the blank line", "-----BEGIN PGP MESSAGE-----\nVersion: x\n-----END PGP MESSAGE-----\n", "armor headers without the blank line after them"],
    ["data cut short", "-----BEGIN PGP MESSAGE-----\n\nwV4D\nwV\n-----END PGP MESSAGE-----\n", "armor data cut short"],
  ])("refuses %s", (_, input, detail) => {
    expect(refusal(() => new ArmorDecoder().push(text(input))).detail).toBe(detail);
  });

  it("refuses a file that ends before its END line", () => {
    const decoder = new ArmorDecoder();
    decoder.push(text(armored.slice(0, armored.length / 2)));
    expect(refusal(() => decoder.end()).detail).toBe("armor without its END line");
  });
});

describe("dearmor", () => {
  it("stops reading the file at the END line", async () => {
    let reads = 0;
    const input = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          reads++;
          controller.enqueue(text(reads === 1 ? "-----BEGIN PGP MESSAGE-----\n\nAAEC\n-----END PGP MESSAGE-----\n" : "trailing text\n".repeat(1000)));
        },
      },
      { highWaterMark: 0 },
    );
    const out = Buffer.from(await new Response(dearmor(input)).arrayBuffer());
    expect([...out]).toEqual([0, 1, 2]);
    expect(reads).toBe(1);
  });

  it("errors the stream with the refusal", async () => {
    const input = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(text("-----BEGIN PGP MESSAGE-----\n\n%%%%\n"));
        controller.close();
      },
    });
    await expect(new Response(dearmor(input)).arrayBuffer()).rejects.toThrow("not an OpenPGP message");
  });
});
