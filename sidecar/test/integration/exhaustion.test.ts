import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptedBomb } from "../support/compression-bomb";
import { encryptFor } from "../support/pgp-files";
import { createProject } from "../support/project";
import { type RealWorker, SIDECAR_TOKEN, startRealWorker } from "../support/real-worker";
import { type SidecarProcess, startSidecarProcess } from "../support/sidecar-process";
import { closeFile, connectWithPassword, fastPut, openForWrite, putFile, writeAt } from "../support/sftp-clients";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
// Generous: the sidecar idles near 100 MB and peaks under 300 MB through a 500 MiB upload (README);
// a 256 MiB armor line took it to 1.2 GB before lines were bounded.
const RSS_BOUND = 512 * MiB;
const csv = new TextEncoder().encode("unique_id,email\nc-1,ada@example.com\nc-2,grace@example.com\n");

/**
 * The attacks a partner (anyone can create SFTP credentials) could make on the sidecar's memory
 * and upload slots, against the sidecar as its own process, configured through its environment
 * as in production, so its memory (RSS) is measured on its own.
 */
describe("one partner cannot exhaust the sidecar process", { timeout: 240_000 }, () => {
  let worker: RealWorker;
  let sidecar: SidecarProcess;
  let project: Awaited<ReturnType<typeof createProject>>;
  let workdir: string;
  const peaks: Record<string, number> = {};

  beforeAll(async () => {
    workdir = mkdtempSync(path.join(tmpdir(), "sidecar-exhaustion-"));
    worker = await startRealWorker();
    sidecar = await startSidecarProcess({
      SIDECAR_TOKEN,
      WORKER_URL: worker.url,
      SIDECAR_STATE_DIR: path.join(workdir, "state"),
      SFTP_MAX_CONCURRENT_UPLOADS: "2",
      SFTP_MAX_CONCURRENT_UPLOADS_PER_CREDENTIAL: "1",
      // Below the default 100, so each bomb stops at about 80 MB instead of 400: a shorter test, the same limit.
      SFTP_MAX_EXPANSION_RATIO: "20",
      // A CLOSE answers with the outcome (a bomb stopped at its limit takes seconds).
      SFTP_CLOSE_WAIT_MS: "60000",
    });
    project = await createProject(worker.url, "sftp-exhaustion");
  }, 180_000);

  afterAll(async () => {
    await sidecar?.stop();
    await worker?.stop();
    if (workdir) rmSync(workdir, { recursive: true, force: true });
    console.log(`sidecar peak RSS per test (MiB): ${JSON.stringify(Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, Math.round(v / MiB)])))}`);
  });

  /** A new credential of the project and an SFTP session logged in with it. */
  async function partner() {
    const cred = await project.createCredentials();
    return { cred, ...(await connectWithPassword(sidecar.port, cred.username, cred.password!)) };
  }

  /** Runs `attack` with the sidecar's peak memory measured over it alone; checks it stayed bounded and the process alive. */
  async function measured(name: string, attack: () => Promise<void>) {
    sidecar.resetPeakRss();
    await attack();
    peaks[name] = sidecar.peakRss();
    expect(sidecar.alive()).toBe(true);
    expect(peaks[name]).toBeLessThan(RSS_BOUND);
  }

  it("a decompression bomb fails with a clear reason, memory stays bounded, and another partner's upload completes meanwhile", async () => {
    const bomber = await partner();
    const other = await partner();
    // 4 GiB of zeros in about 4 MB (made once, kept in the temp directory).
    const bomb = await encryptedBomb("zlib", 4 * GiB, bomber.cred.pgp_public_key);
    await measured("bomb", async () => {
      try {
        // As many bombs as there are upload slots, uploaded and then closed at once (CLOSE starts
        // the decryption), before the other partner's file.
        const handles = await Promise.all(
          ["/a.csv.pgp", "/b.csv.pgp"].map(async (remote) => {
            const handle = await openForWrite(bomber.sftp, remote);
            await writeAt(bomber.sftp, handle, bomb, 0);
            return handle;
          }),
        );
        const bombs = handles.map((handle) =>
          closeFile(bomber.sftp, handle).then(
            () => "stored",
            (e: Error) => e.message,
          ),
        );
        await putFile(other.sftp, "/orders.csv.pgp", await encryptFor(csv, other.cred.pgp_public_key));
        expect(await project.filesOf(other.cred.id)).toEqual([expect.objectContaining({ path: "orders.csv.pgp", status: "ready", size: csv.length })]);
        expect(await Promise.all(bombs)).toEqual([expect.stringMatching(/^decrypted file larger than \d+ bytes, the most this upload may expand to/), expect.stringMatching(/^decrypted file larger than/)]);
      } finally {
        bomber.end();
        other.end();
      }
    });
    const files = await project.filesOf(bomber.cred.id);
    expect(files.map((f) => [f.path, f.status, f.error])).toEqual([
      ["a.csv.pgp", "failed", expect.stringMatching(/^decrypted file larger than/)],
      ["b.csv.pgp", "failed", expect.stringMatching(/^decrypted file larger than/)],
    ]);
  });

  it("refuses a write far past the end of the file (a sparse file of zeros), and keeps serving", async () => {
    const { cred, sftp, end } = await partner();
    await measured("sparse", async () => {
      try {
        const handle = await openForWrite(sftp, "/sparse.csv.pgp");
        // A first byte under 0x80 reads as armor: three billion zeros without a line end.
        await writeAt(sftp, handle, Buffer.from("-"), 0);
        await expect(writeAt(sftp, handle, Buffer.from("-"), 3e9)).rejects.toThrow(/^write starts 2999999999 bytes past the end of the data written so far/);
        await expect(closeFile(sftp, handle)).rejects.toThrow(/past the end of the data/);
        await putFile(sftp, "/orders.csv.pgp", await encryptFor(csv, cred.pgp_public_key));
      } finally {
        end();
      }
    });
    expect(await project.filesOf(cred.id)).toEqual([expect.objectContaining({ path: "orders.csv.pgp", status: "ready" })]);
  });

  it("an armored-looking file whose line never ends fails as not OpenPGP, without being held in memory", async () => {
    const { cred, sftp, end } = await partner();
    const local = path.join(workdir, "endless-line.csv.pgp");
    writeFileSync(local, Buffer.alloc(256 * MiB, "A"));
    await measured("endless line", async () => {
      try {
        await expect(fastPut(sftp, local, "/endless.csv.pgp")).rejects.toThrow("not an OpenPGP message");
      } finally {
        end();
      }
    });
    rmSync(local);
    expect(await project.filesOf(cred.id)).toEqual([expect.objectContaining({ path: "endless.csv.pgp", status: "failed", error: "not an OpenPGP message" })]);
  });
});
