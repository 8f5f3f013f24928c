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
import { connectWithPassword, putFile } from "../support/sftp-clients";

const MiB = 1024 * 1024;
const csv = new TextEncoder().encode("unique_id,email\nc-1,ada@example.com\nc-2,grace@example.com\n");

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
