import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SpoolQuota } from "../src/spool-quota";
import { Upload } from "../src/upload";

const dir = mkdtempSync(path.join(tmpdir(), "upload-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const limits = { maxFileBytes: 10_000, maxWriteGapBytes: 100 };

describe("Upload", () => {
  it("takes each write's growth from its credential's quota, and gives it all back once when dropped", async () => {
    const quota = new SpoolQuota({ spoolBytes: 10_000, spoolBytesPerCredential: 1000 });
    const upload = await Upload.open(dir, "a.csv.pgp", { credentialsId: "c", quota, limits });
    // Out of order, as pipelined writes arrive; a rewrite takes nothing more.
    await Promise.all([upload.write(100, new Uint8Array(100)), upload.write(0, new Uint8Array(100)), upload.write(50, new Uint8Array(10))]);
    expect(quota.used("c")).toBe(200);
    await upload.finish();
    await upload.drop();
    await upload.drop();
    expect(quota.used("c")).toBe(0);
    expect(existsSync(upload.spoolPath)).toBe(false);
  });

  it("refuses a write a limit stops, and every write after it, taking nothing", async () => {
    const quota = new SpoolQuota({ spoolBytes: 10_000, spoolBytesPerCredential: 150 });
    const upload = await Upload.open(dir, "b.csv.pgp", { credentialsId: "c", quota, limits });
    await upload.write(0, new Uint8Array(100));
    expect(upload.write(100, new Uint8Array(100))).toMatchObject({ reason: "credential_full" });
    expect(upload.write(100, new Uint8Array(1))).toMatchObject({ reason: "credential_full" });
    expect(upload.refused).toMatchObject({ reason: "credential_full", message: expect.stringContaining("quota exceeded") });
    expect(quota.used("c")).toBe(100);
    await upload.drop();
    expect(quota.used("c")).toBe(0);
  });

  it("refuses a write that would leave a hole", async () => {
    const quota = new SpoolQuota({ spoolBytes: 10_000, spoolBytesPerCredential: 10_000 });
    const upload = await Upload.open(dir, "c.csv.pgp", { credentialsId: "c", quota, limits });
    expect(upload.write(101, new Uint8Array(1))).toMatchObject({ reason: "leaves_hole" });
    expect(quota.used("c")).toBe(0);
    await upload.drop();
  });
});
