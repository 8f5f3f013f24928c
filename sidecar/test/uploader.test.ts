import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { uploadInParts } from "../src/uploader";

async function* chunks(data: Buffer, size: number) {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

function recordingSink() {
  const parts: Array<{ n: number; bytes: Buffer }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = async (n: number, bytes: Uint8Array) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setImmediate(r));
    parts.push({ n, bytes: Buffer.from(bytes) });
    inFlight--;
    return `etag-${n}`;
  };
  return { send, parts, maxInFlight: () => maxInFlight };
}

describe("uploadInParts", () => {
  it("cuts the stream into equal parts with a shorter last one, in order, whatever the chunk sizes", async () => {
    const data = randomBytes(2500);
    const sink = recordingSink();
    const result = await uploadInParts(chunks(data, 333), sink.send, 1000);
    expect(sink.parts.map((p) => [p.n, p.bytes.length])).toEqual([
      [1, 1000],
      [2, 1000],
      [3, 500],
    ]);
    expect(Buffer.concat(sink.parts.map((p) => p.bytes)).equals(data)).toBe(true);
    expect(result).toEqual({
      size: 2500,
      sha256: createHash("sha256").update(data).digest("hex"),
      parts: [1, 2, 3].map((n) => ({ part_number: n, etag: `etag-${n}` })),
    });
  });

  it("sends no empty trailing part when the size is a multiple of the part size", async () => {
    const sink = recordingSink();
    const result = await uploadInParts(chunks(randomBytes(3000), 4096), sink.send, 1000);
    expect(sink.parts.map((p) => p.bytes.length)).toEqual([1000, 1000, 1000]);
    expect(result.parts).toHaveLength(3);
  });

  it("sends one empty part for an empty file", async () => {
    const sink = recordingSink();
    const result = await uploadInParts(chunks(Buffer.alloc(0), 1), sink.send, 1000);
    expect(sink.parts.map((p) => p.bytes.length)).toEqual([0]);
    expect(result.size).toBe(0);
    expect(result.sha256).toBe(createHash("sha256").digest("hex"));
  });

  it("keeps at most one part in flight (memory: about two parts)", async () => {
    const sink = recordingSink();
    await uploadInParts(chunks(randomBytes(10_000), 64), sink.send, 1000);
    expect(sink.parts).toHaveLength(10);
    expect(sink.maxInFlight()).toBe(1);
  });

  it("fails when a part fails, without sending later parts", async () => {
    const sent: number[] = [];
    const failing = async (n: number) => {
      sent.push(n);
      if (n === 2) throw new Error("Worker down");
      return "etag";
    };
    await expect(uploadInParts(chunks(randomBytes(5000), 100), failing, 1000)).rejects.toThrow("Worker down");
    expect(sent).toEqual([1, 2]);
  });

  it("fails when the plaintext stream fails (a late decryption error)", async () => {
    async function* broken() {
      yield Buffer.alloc(1500);
      throw new Error("signature verification failed");
    }
    await expect(uploadInParts(broken(), async () => "etag", 1000)).rejects.toThrow("signature verification failed");
  });
});
