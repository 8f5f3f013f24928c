import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import ssh2, { type SFTPWrapper } from "ssh2";

/** An SFTP session over the ssh2 client with password login. */
export function connectWithPassword(port: number, username: string, password: string): Promise<{ sftp: SFTPWrapper; end(): void }> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client
      .on("ready", () => {
        client.sftp((e, sftp) => (e ? reject(e) : resolve({ sftp, end: () => client.end() })));
      })
      .on("error", reject)
      .connect({ host: "127.0.0.1", port, username, password, tryKeyboard: false, readyTimeout: 20_000 });
  });
}

/** Opens `remote` for writing (created, truncated); rejects with the server's status message. */
export const openForWrite = (sftp: SFTPWrapper, remote: string) => new Promise<Buffer>((resolve, reject) => sftp.open(remote, "w", (e, handle) => (e ? reject(e) : resolve(handle))));

/** One WRITE request of `data` at `position`. */
export const writeAt = (sftp: SFTPWrapper, handle: Buffer, data: Uint8Array, position: number) =>
  new Promise<void>((resolve, reject) => sftp.write(handle, Buffer.from(data), 0, data.length, position, (e) => (e ? reject(e) : resolve())));

/** OPENDIR: a directory handle (CLOSE it with closeFile). */
export const opendir = (sftp: SFTPWrapper, dir: string) => new Promise<Buffer>((resolve, reject) => sftp.opendir(dir, (e, handle) => (e ? reject(e) : resolve(handle))));

/** CLOSE: for an upload, answered once the file is decrypted and stored (or refused, with the reason). */
export const closeFile = (sftp: SFTPWrapper, handle: Buffer) => new Promise<void>((resolve, reject) => sftp.close(handle, (e) => (e ? reject(e) : resolve())));

/** Writes `data` to `remote` and closes it; rejects with the server's status message. */
export async function putFile(sftp: SFTPWrapper, remote: string, data: Uint8Array): Promise<void> {
  const handle = await openForWrite(sftp, remote);
  await writeAt(sftp, handle, data, 0);
  await closeFile(sftp, handle);
}

/** Uploads a local file as clients do: many WRITEs in flight at once, answered out of order. */
export const fastPut = (sftp: SFTPWrapper, local: string, remote: string) =>
  new Promise<void>((resolve, reject) => sftp.fastPut(local, remote, { concurrency: 64, chunkSize: 32 * 1024 }, (e) => (e ? reject(e) : resolve())));

export const readdir = (sftp: SFTPWrapper, dir: string) =>
  new Promise<ssh2.FileEntryWithStats[]>((resolve, reject) => sftp.readdir(dir, (e, list) => (e ? reject(e) : resolve(list))));

export const realpath = (sftp: SFTPWrapper, p: string) => new Promise<string>((resolve, reject) => sftp.realpath(p, (e, abs) => (e ? reject(e) : resolve(abs))));

/**
 * Runs OpenSSH's `sftp` in batch mode with a key (no password prompt, no known_hosts), async so
 * the in-process server keeps serving. Resolves with exit code and output.
 */
export function runSftpBatch(port: number, user: string, identity: string, commands: string[], workdir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const batch = path.join(workdir, `batch-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(batch, commands.join("\n") + "\n");
  const args = ["-b", batch, "-i", identity, "-P", String(port), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", `${user}@127.0.0.1`];
  return new Promise((resolve) => {
    execFile("sftp", args, { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
