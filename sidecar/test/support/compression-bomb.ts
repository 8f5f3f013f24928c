import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { createDeflate } from "node:zlib";
import * as openpgp from "openpgp";

export type Compression = "zlib" | "bzip2";

/**
 * A real OpenPGP message whose plaintext is `zeros` zero bytes, compressed with `algorithm`
 * and encrypted to `publicKey`: a decompression bomb (zlib packs about 1000:1, bzip2 far more).
 *
 * The compressed packet does not depend on the key, so it is made once per size and kept under
 * the temp directory; only the encryption (of a few MB) runs per test. openpgp.js compresses
 * with zlib but not bzip2, and through its own streams holds about 1 GB while packing GBs, so
 * the Literal Data packet is openpgp's and the compression node:zlib's or the bzip2 CLI's.
 */
export async function encryptedBomb(algorithm: Compression, zeros: number, publicKey: string): Promise<Uint8Array> {
  // Built from its parts: reading the packet back would make openpgp decompress all of it. The
  // fields are openpgp's own (untyped) ones; write() puts out the algorithm octet and the data.
  const packet = Object.assign(new openpgp.CompressedDataPacket(), {
    algorithm: openpgp.enums.compression[algorithm],
    compressed: await compressedLiteralOfZeros(algorithm, zeros),
  });
  const packets = new openpgp.PacketList<openpgp.AnyPacket>();
  packets.push(packet);
  const encrypted = await new openpgp.Message(packets).encrypt([await openpgp.readKey({ armoredKey: publicKey })]);
  return encrypted.write() as Uint8Array;
}

async function compressedLiteralOfZeros(algorithm: Compression, zeros: number): Promise<Uint8Array> {
  const dir = path.join(tmpdir(), "bulk-ops-sidecar-fixtures");
  const file = path.join(dir, `literal-zeros-${zeros}.${algorithm}`);
  if (existsSync(file)) return readFileSync(file);
  const bytes = await compress(algorithm, await literalPacketOfZeros(zeros));
  mkdirSync(dir, { recursive: true });
  // Another test file may be making the same fixture: write aside, then rename into place.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, file);
  return bytes;
}

/** The bytes of a binary Literal Data packet holding `zeros` zero bytes, as a stream. */
async function literalPacketOfZeros(zeros: number): Promise<Readable> {
  const block = new Uint8Array(4 * 1024 * 1024);
  let fed = 0;
  const data = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (fed >= zeros) return controller.close();
        const n = Math.min(block.length, zeros - fed);
        controller.enqueue(block.subarray(0, n));
        fed += n;
      },
    },
    { highWaterMark: 0 },
  );
  const message = await openpgp.createMessage({ binary: data });
  return Readable.fromWeb(message.write() as import("node:stream/web").ReadableStream<Uint8Array>);
}

async function compress(algorithm: Compression, input: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  if (algorithm === "zlib") {
    for await (const chunk of input.pipe(createDeflate({ level: 9 }))) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  const bzip2 = spawn("bzip2", ["-9c"], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<number | null>((resolve, reject) => bzip2.on("error", reject).on("exit", resolve));
  input.pipe(bzip2.stdin);
  for await (const chunk of bzip2.stdout) chunks.push(chunk as Buffer);
  if ((await exited) !== 0) throw new Error("bzip2 failed");
  return Buffer.concat(chunks);
}
