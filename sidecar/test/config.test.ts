import { describe, expect, it } from "vitest";
import { readConfig } from "../src/config";

describe("readConfig", () => {
  it("fills the local defaults", () => {
    const config = readConfig({ SIDECAR_TOKEN: "dev-sidecar-token" });
    expect(config).toMatchObject({
      port: 2222,
      host: "127.0.0.1",
      workerUrl: "http://127.0.0.1:8787",
      hostKeyPath: ".wrangler/sidecar/ssh_host_ed25519_key",
      spoolDir: ".wrangler/sidecar/spool",
      partBytes: 8 * 1024 * 1024,
    });
  });

  it("names every bad variable", () => {
    expect(() => readConfig({ SFTP_PORT: "nope", WORKER_URL: "not a url" })).toThrow(/SFTP_PORT[\s\S]*WORKER_URL[\s\S]*SIDECAR_TOKEN|SFTP_PORT[\s\S]*SIDECAR_TOKEN/);
  });

  it("refuses parts under R2's 5 MiB minimum", () => {
    expect(() => readConfig({ SIDECAR_TOKEN: "dev-sidecar-token", SFTP_PART_BYTES: String(1024 * 1024) })).toThrow(/SFTP_PART_BYTES/);
  });

  it("fills every per-tenant limit with its documented default", () => {
    expect(readConfig({ SIDECAR_TOKEN: "dev-sidecar-token" }).limits).toEqual({
      maxFileBytes: 50 * 1024 ** 3,
      maxExpansionRatio: 100,
      maxConcurrentUploads: 4,
      maxConcurrentUploadsPerCredential: 2,
      maxHandlesPerSession: 16,
      maxWriteGapBytes: 64 * 1024 * 1024,
      spoolBytes: 200 * 1024 ** 3,
      spoolBytesPerCredential: 50 * 1024 ** 3,
    });
  });

  it("reads each limit from its variable", () => {
    const config = readConfig({
      SIDECAR_TOKEN: "dev-sidecar-token",
      SFTP_MAX_FILE_BYTES: "1000000",
      SFTP_MAX_EXPANSION_RATIO: "12.5",
      SFTP_MAX_CONCURRENT_UPLOADS: "8",
      SFTP_MAX_CONCURRENT_UPLOADS_PER_CREDENTIAL: "3",
      SFTP_MAX_HANDLES_PER_SESSION: "4",
      SFTP_MAX_WRITE_GAP_BYTES: "65536",
      SFTP_SPOOL_MAX_BYTES: "9000000",
      SFTP_SPOOL_MAX_BYTES_PER_CREDENTIAL: "3000000",
    });
    expect(config.limits).toEqual({
      maxFileBytes: 1_000_000,
      maxExpansionRatio: 12.5,
      maxConcurrentUploads: 8,
      maxConcurrentUploadsPerCredential: 3,
      maxHandlesPerSession: 4,
      maxWriteGapBytes: 65536,
      spoolBytes: 9_000_000,
      spoolBytesPerCredential: 3_000_000,
    });
  });

  it("no credential's share of the upload slots exceeds the whole", () => {
    const config = readConfig({ SIDECAR_TOKEN: "dev-sidecar-token", SFTP_MAX_CONCURRENT_UPLOADS: "2", SFTP_MAX_CONCURRENT_UPLOADS_PER_CREDENTIAL: "6" });
    expect(config.limits.maxConcurrentUploadsPerCredential).toBe(2);
  });

  it("a credential's spool share is the largest file unless set, and never more than the whole spool", () => {
    expect(readConfig({ SIDECAR_TOKEN: "dev-sidecar-token", SFTP_MAX_FILE_BYTES: "5000" }).limits.spoolBytesPerCredential).toBe(5000);
    expect(readConfig({ SIDECAR_TOKEN: "dev-sidecar-token", SFTP_SPOOL_MAX_BYTES: "100" }).limits.spoolBytesPerCredential).toBe(100);
  });

  it("names a bad limit", () => {
    expect(() => readConfig({ SIDECAR_TOKEN: "dev-sidecar-token", SFTP_MAX_HANDLES_PER_SESSION: "0", SFTP_MAX_EXPANSION_RATIO: "x" })).toThrow(/SFTP_MAX_EXPANSION_RATIO[\s\S]*SFTP_MAX_HANDLES_PER_SESSION/);
  });
});
