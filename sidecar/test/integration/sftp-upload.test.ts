import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateEd25519KeyPair } from "../../src/ed25519";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log";
import { LoginLimiter } from "../../src/rate-limit";
import { createSftpServer, type SftpServer } from "../../src/server";
import { createWorkerClient } from "../../src/worker-client";
import { encryptFor, encryptWithTamperedSignature, generatePgpKey, type PgpPair } from "../support/pgp-files";
import { createProject } from "../support/project";
import { api, type RealWorker, SIDECAR_TOKEN, startRealWorker, waitFor } from "../support/real-worker";
import { connectWithPassword, putFile, readdir, realpath, runSftpBatch } from "../support/sftp-clients";

const ROWS = 120;
const csv = new TextEncoder().encode(
  "unique_id,email,name\n" + Array.from({ length: ROWS }, (_, i) => `c-${i + 1},person${i + 1}@example.com,Person ${i + 1}`).join("\n") + "\n",
);

describe("SFTP upload through the real sidecar into the real Worker", { timeout: 180_000 }, () => {
  let worker: RealWorker;
  let sidecar: SftpServer;
  let port: number;
  let key: string;
  let project: Awaited<ReturnType<typeof createProject>>;
  let workdir: string;
  const logLines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    workdir = mkdtempSync(path.join(tmpdir(), "sidecar-it-client-"));
    worker = await startRealWorker();
    sidecar = createSftpServer({
      hostKey: Buffer.from(generateEd25519KeyPair().private),
      api: createWorkerClient({ baseUrl: worker.url, token: SIDECAR_TOKEN }),
      log: createLogger((line) => logLines.push(JSON.parse(line))),
      limiter: new LoginLimiter({ perUser: 5, perAddress: 100, refillPerMinute: 5 }),
      spoolDir: path.join(workdir, "spool"),
      partBytes: 5 * 1024 * 1024,
      limits: { maxFileBytes: 1024 ** 3, maxConcurrentUploads: 2 },
    });
    port = (await sidecar.listen(0, "127.0.0.1")).port;
    project = await createProject(worker.url, "sftp-it");
    key = project.key;
  }, 180_000);

  afterAll(async () => {
    await sidecar?.close(1000);
    await worker?.stop();
    if (workdir) rmSync(workdir, { recursive: true, force: true });
  });

  const createCredentials = (body: Record<string, unknown>) => project.createCredentials(body);
  const createSftpBatch = (credentialsId: string, filePath: string, idempotencyKey: string) =>
    api(worker.url, "POST", "/v2/batch/operations", {
      key,
      headers: { "idempotency-key": idempotencyKey },
      body: { operation: "echo", source: { kind: "sftp", credentials_id: credentialsId, path: filePath, format: "csv" }, params: {} },
    });
  const waitForTerminal = (id: string) =>
    waitFor(
      async () => {
        const res = await api(worker.url, "GET", `/v2/batch/operations/${id}`, { key });
        return ["succeeded", "partially_failed", "failed", "cancelled"].includes(res.json?.status) ? res.json : undefined;
      },
      120_000,
      `batch ${id} to finish`,
    );
  const filesOf = (credentialsId: string) => project.filesOf(credentialsId);
  /** Uploads a file the sidecar must refuse: the put fails with `reason`, the listing shows it failed, and a batch on it is a 422 naming it. */
  const expectRefusedUpload = async (cred: { id: string; username: string; password?: string }, name: string, bytes: Uint8Array, reason: string) => {
    const session = await connectWithPassword(port, cred.username, cred.password!);
    try {
      await expect(putFile(session.sftp, `/${name}`, bytes)).rejects.toThrow(reason);
    } finally {
      session.end();
    }
    expect(await filesOf(cred.id)).toEqual([expect.objectContaining({ path: name, status: "failed", error: reason })]);
    const refused = await createSftpBatch(cred.id, name, `it-${name}`);
    expect(refused.status, refused.text).toBe(422);
    expect(refused.json.error.message).toContain(reason);
  };

  it("password login with the ssh2 client: upload, list, batch succeeds with every row counted", async () => {
    const cred = await createCredentials({ auth: "password" });
    const session = await connectWithPassword(port, cred.username, cred.password!);
    try {
      await putFile(session.sftp, "/orders.csv.pgp", await encryptFor(csv, cred.pgp_public_key));
      const listing = await readdir(session.sftp, "/");
      expect(listing.map((e) => [e.filename, e.attrs.size])).toEqual([["orders.csv.pgp", csv.length]]);
    } finally {
      session.end();
    }
    const created = await createSftpBatch(cred.id, "orders.csv.pgp", "it-password-1");
    expect(created.status, created.text).toBe(201);
    const batch = await waitForTerminal(created.json.id);
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_total: ROWS, rows_processed: ROWS, rows_succeeded: ROWS, rows_failed: 0 } });
    expect(logLines).toContainEqual(expect.objectContaining({ event: "sftp.file", credentials_id: cred.id, path: "orders.csv.pgp", outcome: "ready", bytes: csv.length }));
  });

  it("public-key login with OpenSSH's sftp: a signed upload is verified, listed, and feeds a batch", async () => {
    const identity = path.join(workdir, "id_ed25519");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "partner@acme", "-f", identity]);
    const partner = await generatePgpKey("partner");
    const cred = await createCredentials({ auth: "public_key", public_key: readFileSync(`${identity}.pub`, "utf8").trim(), partner_pgp_public_key: partner.publicKey });
    const local = path.join(workdir, "signed.csv.pgp");
    writeFileSync(local, await encryptFor(csv, cred.pgp_public_key, partner));

    // A leading "-" lets the batch go on past an expected error.
    const run = await runSftpBatch(port, cred.username, identity, [`put ${local} /in.csv.pgp`, "ls -l", "-cd ..", `-put ${local} ../escape.csv.pgp`, "ls"], workdir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`\\s${csv.length}\\s.*in\\.csv\\.pgp`));
    expect(run.stderr).toContain("path leaves your root directory");
    expect(run.stderr).toMatch(/escape\.csv\.pgp.*Permission denied/);

    const batch = await waitForTerminal((await createSftpBatch(cred.id, "in.csv.pgp", "it-pubkey-1")).json.id);
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_total: ROWS, rows_succeeded: ROWS } });

    await api(worker.url, "DELETE", `/v2/partner/sftp-credentials/${cred.id}`, { key, headers: { "x-operator-override": "destructive" } });
    const afterRevoke = await runSftpBatch(port, cred.username, identity, ["ls"], workdir);
    expect(afterRevoke.code).not.toBe(0);
    expect(afterRevoke.stderr).toMatch(/Permission denied \(password,publickey\)/);
  });

  it("a re-upload replaces the file at its path", async () => {
    const cred = await createCredentials({ auth: "password" });
    const session = await connectWithPassword(port, cred.username, cred.password!);
    try {
      await putFile(session.sftp, "/orders.csv.pgp", await encryptFor(new TextEncoder().encode("unique_id\nu1\n"), cred.pgp_public_key));
      await putFile(session.sftp, "/orders.csv.pgp", await encryptFor(csv, cred.pgp_public_key));
      expect((await readdir(session.sftp, "/")).map((e) => [e.filename, e.attrs.size])).toEqual([["orders.csv.pgp", csv.length]]);
    } finally {
      session.end();
    }
  });

  it("refuses a wrong password, and revoked credentials at the next login", async () => {
    const cred = await createCredentials({ auth: "password" });
    await expect(connectWithPassword(port, cred.username, `${cred.password}x`)).rejects.toThrow(/authentication methods failed/);
    (await connectWithPassword(port, cred.username, cred.password!)).end();

    const revoked = await api(worker.url, "DELETE", `/v2/partner/sftp-credentials/${cred.id}`, { key, headers: { "x-operator-override": "destructive" } });
    expect(revoked.status, revoked.text).toBe(204);
    await expect(connectWithPassword(port, cred.username, cred.password!)).rejects.toThrow(/authentication methods failed/);
  });

  it("limits login attempts per username: after the burst even the right password is refused", async () => {
    const cred = await createCredentials({ auth: "password" });
    // The sidecar above allows 5 attempts per username at once.
    for (let i = 0; i < 5; i++) await expect(connectWithPassword(port, cred.username, "wrong")).rejects.toThrow(/authentication methods failed/);
    await expect(connectWithPassword(port, cred.username, cred.password!)).rejects.toThrow(/authentication methods failed/);
    expect(logLines).toContainEqual(expect.objectContaining({ event: "sftp.auth", username: cred.username, outcome: "rate_limited", reason: "user_limited" }));
  });

  it("refuses paths outside the root, symlinks and reading back", async () => {
    const cred = await createCredentials({ auth: "password" });
    const session = await connectWithPassword(port, cred.username, cred.password!);
    try {
      expect(await realpath(session.sftp, ".")).toBe("/");
      await expect(realpath(session.sftp, "/..")).rejects.toThrow(/leaves your root/);
      await expect(putFile(session.sftp, "/../escape.csv.pgp", new Uint8Array([1]))).rejects.toThrow(/leaves your root/);
      await expect(putFile(session.sftp, "a/../../escape.csv.pgp", new Uint8Array([1]))).rejects.toThrow(/leaves your root/);
      await expect(new Promise((res, rej) => session.sftp.symlink("/etc/passwd", "/link", (e) => (e ? rej(e) : res(null))))).rejects.toThrow(/symlinks/);
    } finally {
      session.end();
    }
    expect(await filesOf(cred.id)).toEqual([]);
  });

  it("a file encrypted to another key shows failed, and a batch on it is refused with the reason (422)", async () => {
    const cred = await createCredentials({ auth: "password" });
    const other = await generatePgpKey("someone else");
    await expectRefusedUpload(cred, "wrong-key.csv.pgp", await encryptFor(csv, other.publicKey), "not encrypted to this credential's key");
  });

  it("past the close wait, CLOSE answers OK at once and the outcome shows in the listing", async () => {
    // A second sidecar that never waits, standing in for a file too large to finish in 10 s.
    const impatient = createSftpServer({
      hostKey: Buffer.from(generateEd25519KeyPair().private),
      api: createWorkerClient({ baseUrl: worker.url, token: SIDECAR_TOKEN }),
      log: createLogger(() => {}),
      limiter: new LoginLimiter({ perUser: 5, perAddress: 100, refillPerMinute: 5 }),
      spoolDir: path.join(workdir, "spool-impatient"),
      partBytes: 5 * 1024 * 1024,
      limits: { maxFileBytes: 1024 ** 3, maxConcurrentUploads: 2 },
      closeWaitMs: 0,
    });
    const impatientPort = (await impatient.listen(0, "127.0.0.1")).port;
    try {
      const cred = await createCredentials({ auth: "password" });
      const other = await generatePgpKey("someone else");
      const session = await connectWithPassword(impatientPort, cred.username, cred.password!);
      try {
        await putFile(session.sftp, "/late.csv.pgp", await encryptFor(csv, other.publicKey));
      } finally {
        session.end();
      }
      const file = await waitFor(async () => (await filesOf(cred.id)).find((f) => f.path === "late.csv.pgp"), 30_000, "the deferred outcome");
      expect(file).toMatchObject({ status: "failed", error: "not encrypted to this credential's key" });
    } finally {
      await impatient.close(5000);
    }
  });

  it("a tampered signature shows failed, and a batch on it is refused with the reason (422)", async () => {
    const partner: PgpPair = await generatePgpKey("partner");
    const cred = await createCredentials({ auth: "password", partner_pgp_public_key: partner.publicKey });
    await expectRefusedUpload(cred, "tampered.csv.pgp", await encryptWithTamperedSignature(csv, cred.pgp_public_key, partner), "signature verification failed");
  });
});
