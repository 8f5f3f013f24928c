import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import ssh2, { type Connection } from "ssh2";
import { SERVER_ALGORITHMS } from "./algorithms";
import { type Authenticated, createAuthHandler } from "./auth";
import { ingestSpooledFile } from "./ingest-file";
import { DEFAULT_LIMITS, type UploadLimits } from "./limits";
import { describeError, type Logger } from "./log";
import { plaintextLimit } from "./plaintext-limit";
import type { LoginLimiter } from "./rate-limit";
import { serveSftp } from "./sftp-session";
import { SpoolQuota } from "./spool-quota";
import { createUploadSlots } from "./upload-slots";
import type { WorkerApi } from "./worker-client";

export type SftpServerDeps = {
  hostKey: Buffer;
  api: WorkerApi;
  log: Logger;
  limiter: LoginLimiter;
  spoolDir: string;
  partBytes: number;
  /** What one tenant may take (limits.ts); unset ones take DEFAULT_LIMITS. */
  limits?: Partial<UploadLimits>;
  /** A connection that has not logged in by then is dropped. */
  loginTimeoutMs?: number;
  /** How long a CLOSE answer waits for decryption and upload (default 10 s); see sftp-session. */
  closeWaitMs?: number;
};

export type SftpServer = {
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, lets uploads being processed finish (up to `graceMs`), then drops every connection. */
  close(graceMs?: number): Promise<void>;
};

/**
 * The SFTP server: ssh2 with modern algorithms only, password and public-key logins checked
 * through the Worker, one credential root per session, and uploads decrypted and sent on to
 * the Worker when each file is closed. No side effects until `listen`.
 */
export function createSftpServer(deps: SftpServerDeps): SftpServer {
  const connections = new Set<Connection>();
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const settled = work.catch(() => {}).finally(() => inFlight.delete(settled));
    inFlight.add(settled);
  };
  const limits: UploadLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const quota = new SpoolQuota(limits);
  const uploadSlot = createUploadSlots(limits);
  const ingest = (job: { credentialsId: string; path: string; spoolPath: string; uploadedBytes: number }) =>
    uploadSlot(job.credentialsId, () =>
      ingestSpooledFile(deps.api, { ...job, partBytes: deps.partBytes, maxPlaintextBytes: plaintextLimit(job.uploadedBytes, limits) }),
    );

  // Keepalives find peers that vanished without a FIN (NAT timeouts), so their sessions end.
  const config = { hostKeys: [deps.hostKey], algorithms: SERVER_ALGORITHMS, ident: "bulk-ops-sftp", keepaliveInterval: 30_000, keepaliveCountMax: 4 };
  const server = new ssh2.Server(config, (client, info) => {
    const session = randomBytes(6).toString("hex");
    const connectedAt = Date.now();
    connections.add(client);
    deps.log("sftp.connect", { session, remote: info.ip, client: info.header.versions.software });

    let who: Authenticated | null = null;
    const loginTimer = setTimeout(() => {
      deps.log("sftp.login_timeout", { session, remote: info.ip });
      client.end();
    }, deps.loginTimeoutMs ?? 60_000);

    client.on("authentication", createAuthHandler({ api: deps.api, limiter: deps.limiter, log: deps.log }, { id: session, address: info.ip }, (accepted) => (who = accepted)));
    client.on("ready", () => {
      clearTimeout(loginTimer);
      client.on("session", (accept) => {
        const channel = accept();
        channel.on("sftp", (acceptSftp) => {
          if (!who) return;
          serveSftp(acceptSftp(), who, session, { api: deps.api, log: deps.log, spoolDir: deps.spoolDir, limits, quota, closeWaitMs: deps.closeWaitMs ?? 10_000, ingest, track, onRevoked: () => setImmediate(() => client.end()) });
        });
        // No shell, exec, pty or forwarding: ssh2 refuses requests nobody listens for.
      });
    });
    client.on("error", (e) => deps.log("sftp.connection_error", { session, error: describeError(e) }));
    client.on("close", () => {
      clearTimeout(loginTimer);
      connections.delete(client);
      deps.log("sftp.disconnect", { session, credentials_id: (who as Authenticated | null)?.credentials_id, duration_ms: Date.now() - connectedAt });
    });
  });

  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    async close(graceMs = 30_000) {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      for (const client of connections) client.end();
      await stopped;
    },
  };
}
