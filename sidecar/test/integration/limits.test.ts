import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateEd25519KeyPair } from "../../src/ed25519";
import type { UploadLimits } from "../../src/limits";
import { createLogger } from "../../src/log";
import { LoginLimiter } from "../../src/rate-limit";
import { createSftpServer, type SftpServer } from "../../src/server";
import { createWorkerClient, type WorkerApi } from "../../src/worker-client";
import { encryptFor } from "../support/pgp-files";
import { createProject } from "../support/project";
import { type RealWorker, SIDECAR_TOKEN, startRealWorker, waitFor } from "../support/real-worker";
import { closeFile, connectWithPassword, opendir, openForWrite, putFile, writeAt } from "../support/sftp-clients";

const KiB = 1024;
const MiB = 1024 * KiB;
const csv = new TextEncoder().encode("unique_id,email\nc-1,ada@example.com\nc-2,grace@example.com\n");
// Not OpenPGP (text without armor), so an upload of it fails at CLOSE and its spool is deleted.
const junk = (bytes: number) => Buffer.alloc(bytes, "x");

/** The Worker client, with the uploads of credentials `held` picks kept waiting at the Worker until `release`. */
function holdUploads(api: WorkerApi, held: (credentialsId: string) => boolean) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let waiting = 0;
  const startUpload: WorkerApi["startUpload"] = async (credentialsId, filePath) => {
    if (held(credentialsId)) {
      waiting++;
      await released;
    }
    return api.startUpload(credentialsId, filePath);
  };
  return { api: { ...api, startUpload }, waiting: () => waiting, release };
}

describe("per-tenant limits of the SFTP sidecar, against the real Worker", { timeout: 120_000 }, () => {
  let worker: RealWorker;
  let project: Awaited<ReturnType<typeof createProject>>;
  let workdir: string;
  const servers: SftpServer[] = [];

  beforeAll(async () => {
    workdir = mkdtempSync(path.join(tmpdir(), "sidecar-limits-"));
    worker = await startRealWorker();
    project = await createProject(worker.url, "sftp-limits");
  }, 180_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close(1000)));
    await worker?.stop();
    if (workdir) rmSync(workdir, { recursive: true, force: true });
  });

  /** A sidecar with these limits (the rest default), listening on a free port. */
  async function startSidecar(limits: Partial<UploadLimits>, api: WorkerApi = createWorkerClient({ baseUrl: worker.url, token: SIDECAR_TOKEN })): Promise<number> {
    const server = createSftpServer({
      hostKey: Buffer.from(generateEd25519KeyPair().private),
      api,
      log: createLogger(() => {}),
      limiter: new LoginLimiter({ perUser: 50, perAddress: 1000, refillPerMinute: 50 }),
      spoolDir: path.join(workdir, `spool-${servers.length}`),
      partBytes: 5 * MiB,
      limits,
      closeWaitMs: 60_000,
    });
    servers.push(server);
    return (await server.listen(0, "127.0.0.1")).port;
  }

  /** A new credential of the project and an SFTP session logged in with it. */
  async function partner(port: number) {
    const cred = await project.createCredentials();
    return { cred, ...(await connectWithPassword(port, cred.username, cred.password!)) };
  }

  it("a session holds at most maxHandlesPerSession open files and directories, counting opens under way", async () => {
    const port = await startSidecar({ maxHandlesPerSession: 3 });
    const { cred, sftp, end } = await partner(port);
    try {
      // Four at once, all sent before the first is answered.
      const opens = await Promise.allSettled([1, 2, 3, 4].map(() => opendir(sftp, "/")));
      expect(opens.filter((o) => o.status === "fulfilled")).toHaveLength(3);
      expect(opens.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason.message)).toEqual([
        "too many open files: at most 3 per session; close one first",
      ]);
      await expect(openForWrite(sftp, "/orders.csv.pgp")).rejects.toThrow("too many open files");

      await closeFile(sftp, (opens[0] as PromiseFulfilledResult<Buffer>).value);
      await putFile(sftp, "/orders.csv.pgp", await encryptFor(csv, cred.pgp_public_key));
    } finally {
      end();
    }
    expect(await project.filesOf(cred.id)).toEqual([expect.objectContaining({ path: "orders.csv.pgp", status: "ready" })]);
  });

  it("a credential's uploads in progress hold at most its spool share: past it a write fails with 'quota exceeded', and others keep uploading", async () => {
    const port = await startSidecar({ spoolBytesPerCredential: MiB, spoolBytes: 100 * MiB });
    const greedy = await partner(port);
    const other = await partner(port);
    try {
      const first = await openForWrite(greedy.sftp, "/first.csv.pgp");
      await writeAt(greedy.sftp, first, junk(700 * KiB), 0);
      const second = await openForWrite(greedy.sftp, "/second.csv.pgp");
      await expect(writeAt(greedy.sftp, second, junk(400 * KiB), 0)).rejects.toThrow(
        "quota exceeded: your uploads in progress may hold at most 1048576 bytes on the server; wait for them to finish",
      );
      // The refused upload is incomplete: its CLOSE fails with the same reason.
      await expect(closeFile(greedy.sftp, second)).rejects.toThrow("quota exceeded");

      await putFile(other.sftp, "/orders.csv.pgp", await encryptFor(csv, other.cred.pgp_public_key));

      // A finished upload gives its space back, whatever its outcome.
      await expect(closeFile(greedy.sftp, first)).rejects.toThrow("not an OpenPGP message");
      await putFile(greedy.sftp, "/third.csv.pgp", await encryptFor(junk(900 * KiB), greedy.cred.pgp_public_key));
    } finally {
      greedy.end();
      other.end();
    }
    expect(await project.filesOf(other.cred.id)).toEqual([expect.objectContaining({ path: "orders.csv.pgp", status: "ready" })]);
    expect((await project.filesOf(greedy.cred.id)).map((f) => [f.path, f.status])).toEqual([
      ["first.csv.pgp", "failed"],
      ["third.csv.pgp", "ready"],
    ]);
  });

  it("when everyone's uploads together fill the spool, a write fails with 'quota exceeded' and the server keeps serving", async () => {
    const port = await startSidecar({ spoolBytesPerCredential: MiB, spoolBytes: 1.5 * MiB });
    const [a, b, c] = [await partner(port), await partner(port), await partner(port)];
    try {
      const big = await openForWrite(a.sftp, "/big.csv.pgp");
      await writeAt(a.sftp, big, junk(900 * KiB), 0);
      const refused = await openForWrite(b.sftp, "/orders.csv.pgp");
      await expect(writeAt(b.sftp, refused, junk(700 * KiB), 0)).rejects.toThrow("quota exceeded: the server's upload space is full; try again later");
      await expect(closeFile(b.sftp, refused)).rejects.toThrow("upload space is full");

      // What still fits goes through.
      await putFile(c.sftp, "/small.csv.pgp", await encryptFor(csv, c.cred.pgp_public_key));
      await expect(closeFile(a.sftp, big)).rejects.toThrow("not an OpenPGP message");
      await putFile(b.sftp, "/orders.csv.pgp", await encryptFor(junk(700 * KiB), b.cred.pgp_public_key));
    } finally {
      for (const p of [a, b, c]) p.end();
    }
    expect(await project.filesOf(b.cred.id)).toEqual([expect.objectContaining({ path: "orders.csv.pgp", status: "ready", size: 700 * KiB })]);
    expect(await project.filesOf(c.cred.id)).toEqual([expect.objectContaining({ path: "small.csv.pgp", status: "ready" })]);
  });

  it("one credential's uploads cannot take every upload slot: another partner's upload completes while they are held", async () => {
    let busyId = "";
    const held = holdUploads(createWorkerClient({ baseUrl: worker.url, token: SIDECAR_TOKEN }), (id) => id === busyId);
    const port = await startSidecar({ maxConcurrentUploads: 2, maxConcurrentUploadsPerCredential: 1 }, held.api);
    const busy = await partner(port);
    busyId = busy.cred.id;
    const other = await partner(port);
    try {
      // Two files closed at once: one takes the credential's only slot and is held at the Worker.
      const busyUploads = ["/1.csv.pgp", "/2.csv.pgp"].map(async (remote) => putFile(busy.sftp, remote, await encryptFor(csv, busy.cred.pgp_public_key)));
      await waitFor(async () => (held.waiting() >= 1 ? true : undefined), 30_000, "the busy credential's upload to hold a slot");

      await putFile(other.sftp, "/orders.csv.pgp", await encryptFor(csv, other.cred.pgp_public_key));
      expect(await project.filesOf(other.cred.id)).toEqual([expect.objectContaining({ path: "orders.csv.pgp", status: "ready" })]);
      // The busy credential's second upload waits for its own slot, not for the free shared one.
      expect(held.waiting()).toBe(1);

      held.release();
      await Promise.all(busyUploads);
    } finally {
      held.release();
      busy.end();
      other.end();
    }
    expect((await project.filesOf(busy.cred.id)).map((f) => f.status)).toEqual(["ready", "ready"]);
  });
});
