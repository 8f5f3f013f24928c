import { beforeAll, describe, expect, it } from "vitest";
import { LOCATION_TYPES, SourceLocation } from "../../src/sources/location";
import { READ_BYTES } from "../../src/sources/ranged-stream";
import { SourceError, type SourceReader } from "../../src/sources/types";
import { locationPeers, open, type LocationPeer } from "../helpers/location-peers";

// Every location type's reader runs this suite against its real local peer (test/helpers/location-peers.ts).

/** A little over one range read, so that a read from near the start spans two. */
const SIZE = READ_BYTES + 5003;
/** Bytes that differ everywhere (xorshift), so a shifted or repeated range cannot pass for the right one. */
const BYTES = (() => {
  const bytes = new Uint8Array(SIZE);
  let x = 0x9e3779b9;
  for (let i = 0; i < SIZE; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
})();

/** Reads a stream whole, noting the largest piece it came in. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Uint8Array; largestPiece: number }> {
  const pieces: Uint8Array[] = [];
  for await (const piece of stream) pieces.push(piece);
  const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  pieces.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
  return { bytes, largestPiece: Math.max(0, ...pieces.map((p) => p.length)) };
}

/** Length and digest: equal bytes compare in one line, and a mismatch does not print megabytes. */
async function fingerprint(bytes: Uint8Array) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return { length: bytes.length, sha256: [...digest].map((b) => b.toString(16).padStart(2, "0")).join("") };
}

/** What ingestion does with a reader: stat, then stream from the offset. */
async function readFrom(reader: SourceReader, offset: number) {
  return (await readAll(await reader.streamFrom(offset, await reader.stat()))).bytes;
}

/** The code of a failure that must be a SourceError. */
async function failureOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SourceError);
  return (error as SourceError).code;
}

const peers = LOCATION_TYPES.flatMap((type) => locationPeers[type] as LocationPeer[]);

describe.each(peers)("$name reader", (peer) => {
  let stored: SourceLocation;
  beforeAll(async () => {
    stored = await peer.put(`${peer.name.replaceAll(" ", "-")}.bin`, BYTES);
  });

  it("gives the size with stat, and whether it reads ranges", async () => {
    expect(await open(stored).stat()).toMatchObject({ size: SIZE, ranges: peer.ranges });
  });

  it("reads exactly the bytes asked for, from any offset, across range boundaries", async () => {
    const reader = open(stored);
    const stat = await reader.stat();
    // Two ranges (the first three), one whole range, the last byte, nothing.
    for (const offset of [0, 1, SIZE - READ_BYTES - 1, SIZE - READ_BYTES, SIZE - 1, SIZE]) {
      const { bytes } = await readAll(await reader.streamFrom(offset, stat));
      expect(await fingerprint(bytes), `from ${offset}`).toEqual(await fingerprint(BYTES.subarray(offset)));
    }
  });

  it("resumes from a checkpoint with the same bytes as reading the whole and dropping the prefix", async () => {
    const first = open(stored);
    const stat = await first.stat();
    const whole = await readAll(await first.streamFrom(0, stat));
    expect(await fingerprint(whole.bytes)).toEqual(await fingerprint(BYTES));
    // A reader that reads ranges holds at most one range at a time.
    if (peer.ranges) expect(whole.largestPiece).toBeLessThanOrEqual(READ_BYTES);
    // After a restart: the location and stat come back from the checkpoint, the reader is new.
    const checkpoint = JSON.parse(JSON.stringify({ location: stored, stat }));
    const resumed = open(SourceLocation.parse(checkpoint.location));
    for (const offset of [4099, READ_BYTES + 7]) {
      const { bytes } = await readAll(await resumed.streamFrom(offset, checkpoint.stat));
      expect(await fingerprint(bytes), `from ${offset}`).toEqual(await fingerprint(whole.bytes.subarray(offset)));
    }
  });

  it("fails a missing object with source_not_found", async () => {
    expect(await failureOf(readFrom(open(peer.missing), 0))).toBe("source_not_found");
  });

  it.each(peer.refusals)("refuses $what with $code", async ({ open: refused, code }) => {
    expect(await failureOf(readFrom(refused(stored), 0))).toBe(code);
  });

  it("fails a source over the 50 GB cap with source_too_large before reading it", async () => {
    expect(await failureOf(peer.huge(stored).stat())).toBe("source_too_large");
  });
});
