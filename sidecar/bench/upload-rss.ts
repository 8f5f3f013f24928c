// The sidecar's memory while a large PGP-encrypted file goes through it.
//
//   node --import tsx sidecar/bench/upload-rss.ts [--mb 200] [--small-mb 20] [--heap-mb N]
//
// Starts the real Worker (wrangler's programmatic dev server, local D1/R2, fresh state) and the
// sidecar as its own process exactly as `npm start` does, uploads a small and then a large
// encrypted CSV with the ssh2 client's parallel, out-of-order writes (fastPut), and samples the
// sidecar's resident memory (/proc/<pid>/status) every 50 ms. Flat means: the large upload's
// peak is about the small one's, not proportional to the file.
import { createHash } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as openpgp from "openpgp";
import ssh2 from "ssh2";
import { ADMIN_TOKEN, api, SIDECAR_TOKEN, startRealWorker, waitFor } from "../test/support/real-worker";
import { type SidecarProcess, startSidecarProcess } from "../test/support/sidecar-process";

const MiB = 1024 * 1024;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const LARGE_MB = arg("mb", 200);
const SMALL_MB = arg("small-mb", 20);
const work = mkdtempSync(path.join(tmpdir(), "sidecar-bench-"));

const worker = await startRealWorker();
// --heap-mb caps the sidecar's V8 old space: shows how much of its RSS is garbage not yet collected.
const HEAP_MB = arg("heap-mb", 0);
let sidecar: SidecarProcess | undefined;

try {
  sidecar = await startSidecarProcess({ SIDECAR_TOKEN, WORKER_URL: worker.url, SIDECAR_STATE_DIR: path.join(work, "state") }, { heapMb: HEAP_MB });
  const port = sidecar.port;
  const project = await api(worker.url, "POST", "/v2/admin/projects", { key: ADMIN_TOKEN, body: { name: "bench" } });
  const key = project.json.api_key as string;
  const cred = (await api(worker.url, "POST", "/v2/partner/sftp-credentials", { key, body: { name: "bench", auth: "password" } })).json;

  const idle = sidecar.rss();
  const rows: string[] = [];
  for (const mb of [SMALL_MB, LARGE_MB]) {
    const name = `orders-${mb}mb.csv.pgp`;
    const local = path.join(work, name);
    const plain = await writeEncryptedCsv(local, mb * MiB, cred.pgp_public_key);
    const sampler = sampleRss(sidecar);
    const started = Date.now();
    await fastPut(port, cred.username, cred.password, local, `/${name}`);
    // CLOSE answers after at most SFTP_CLOSE_WAIT_MS; the file is stored when it lists as such.
    const file = await waitFor(
      async () => {
        const files = (await api(worker.url, "GET", `/v2/partner/sftp-credentials/${cred.id}/files`, { key })).json.data;
        return files.find((f: { path: string }) => f.path === name);
      },
      600_000,
      `${name} to be stored`,
    );
    const seconds = (Date.now() - started) / 1000;
    const peak = sampler.stop();
    if (file?.status !== "ready" || file.size !== plain.size || file.sha256 !== plain.sha256) throw new Error(`upload not recorded as expected: ${JSON.stringify(file)}`);
    rows.push(
      `| ${(plain.size / MiB).toFixed(0)} MiB | ${(statSync(local).size / MiB).toFixed(0)} MiB | ${seconds.toFixed(1)} s | ${(plain.size / MiB / seconds).toFixed(1)} MiB/s | ${mb2(idle)} | ${mb2(peak)} |`,
    );
    rmSync(local);
  }
  console.log("\n| plaintext | encrypted upload | upload + decrypt + store | throughput | sidecar RSS idle | sidecar peak RSS during upload |");
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of rows) console.log(row);
  console.log(`\nsidecar VmHWM (peak over its life): ${mb2(sidecar.peakRss())}; part size 8 MiB; ${HEAP_MB ? `old space capped at ${HEAP_MB} MB; ` : ""}node ${process.version}`);
} finally {
  await sidecar?.stop();
  await worker.stop();
  rmSync(work, { recursive: true, force: true });
}

/** A CSV of `bytes` plaintext (generated, never held whole), encrypted to `publicKey` into `file`. */
async function writeEncryptedCsv(file: string, bytes: number, publicKey: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash("sha256");
  let size = 0;
  let row = 0;
  const header = "unique_id,email,name,amount,note\n";
  const plaintext = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (size >= bytes) return controller.close();
      let text = row === 0 ? header : "";
      while (text.length < 256 * 1024) {
        row++;
        text += `c-${row},person${row}@example.com,Person ${row},${(row * 7) % 10000}.${row % 100},"note, with comma ${row}"\n`;
      }
      const chunk = new TextEncoder().encode(text);
      hash.update(chunk);
      size += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const encrypted = await openpgp.encrypt({
    message: await openpgp.createMessage({ binary: plaintext }),
    encryptionKeys: await openpgp.readKey({ armoredKey: publicKey }),
    format: "binary",
  });
  await pipeline(Readable.fromWeb(encrypted as import("node:stream/web").ReadableStream<Uint8Array>), createWriteStream(file));
  return { size, sha256: hash.digest("hex") };
}

function fastPut(port: number, username: string, password: string, local: string, remote: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client
      .on("ready", () =>
        client.sftp((e, sftp) => {
          if (e) return reject(e);
          sftp.fastPut(local, remote, { concurrency: 64, chunkSize: 32 * 1024 }, (e2) => {
            client.end();
            return e2 ? reject(e2) : resolve();
          });
        }),
      )
      .on("error", reject)
      .connect({ host: "127.0.0.1", port, username, password, readyTimeout: 30_000 });
  });
}

function sampleRss(target: SidecarProcess) {
  let peak = target.rss();
  const timer = setInterval(() => (peak = Math.max(peak, target.rss())), 50);
  return { stop: () => (clearInterval(timer), Math.max(peak, target.rss())) };
}
function mb2(b: number): string {
  return `${(b / MiB).toFixed(0)} MB`;
}
