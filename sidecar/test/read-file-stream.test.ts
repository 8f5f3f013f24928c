import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFileStream } from "../src/read-file-stream";

const dir = mkdtempSync(path.join(tmpdir(), "read-file-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readFileStream", () => {
  it("yields the whole file in chunks of at most chunkBytes", async () => {
    const file = path.join(dir, "a.bin");
    const data = randomBytes(10_000);
    writeFileSync(file, data);
    const { stream } = await readFileStream(file, 4096);
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => c.length)).toEqual([4096, 4096, 1808]);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it("reads only as far as it is asked: at most one chunk ahead of the consumer", async () => {
    const file = path.join(dir, "b.bin");
    writeFileSync(file, randomBytes(64 * 1024));
    const { stream, close } = await readFileStream(file, 1024);
    const reader = stream.getReader();
    await reader.read();
    // Give a greedy implementation every chance to read ahead, then take the file away:
    // whatever arrives after that was read ahead.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    await close();
    let readAhead = 0;
    for (;;) {
      const next = await reader.read().catch(() => ({ done: true }) as const);
      if (next.done) break;
      readAhead++;
    }
    expect(readAhead).toBeLessThanOrEqual(1);
  });
});
