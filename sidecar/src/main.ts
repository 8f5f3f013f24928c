// The sidecar process: the only module with side effects (environment, disk, port, signals).
import { readConfig } from "./config";
import { startHealthServer } from "./health";
import { loadOrCreateHostKey } from "./host-key";
import { createLogger, describeError } from "./log";
import { LoginLimiter } from "./rate-limit";
import { createSftpServer } from "./server";
import { createWorkerClient } from "./worker-client";

const log = createLogger();

try {
  const config = readConfig(process.env);
  const server = createSftpServer({
    hostKey: loadOrCreateHostKey(config.hostKeyPath),
    api: createWorkerClient({ baseUrl: config.workerUrl, token: config.token }),
    log,
    limiter: new LoginLimiter(config.loginLimits),
    spoolDir: config.spoolDir,
    partBytes: config.partBytes,
    limits: config.limits,
    closeWaitMs: config.closeWaitMs,
  });
  const address = await server.listen(config.port, config.host);
  log("sftp.listening", { host: address.address, port: address.port, worker_url: config.workerUrl });
  const health = config.healthPort === null ? null : await startHealthServer(config.healthPort, config.host);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log("sftp.stopping", { signal });
    health?.close();
    await server.close();
    log("sftp.stopped", {});
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
} catch (e) {
  log("sftp.fatal", { error: describeError(e) });
  process.exit(1);
}
