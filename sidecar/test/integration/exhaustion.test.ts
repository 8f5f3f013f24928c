import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject } from "../support/project";
import { type RealWorker, SIDECAR_TOKEN, startRealWorker } from "../support/real-worker";
import { type SidecarProcess, startSidecarProcess } from "../support/sidecar-process";
import { connectWithPassword, fastPut } from "../support/sftp-clients";

const MiB = 1024 * 1024;
// Generous: the sidecar idles near 100 MB and peaks under 300 MB through a 500 MiB upload (README);
// each attack below drove it to gigabytes before it was bounded.
const RSS_BOUND = 512 * MiB;

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
      // A CLOSE answers with the outcome.
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
