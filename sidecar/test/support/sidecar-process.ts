import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { waitFor } from "./real-worker";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export type SidecarProcess = {
  port: number;
  pid: number;
  /** Every JSON log line so far. */
  logs: Array<Record<string, unknown>>;
  /** Resident memory now, in bytes (VmRSS). */
  rss(): number;
  /** Peak resident memory since start or the last resetPeakRss(), in bytes (VmHWM: the kernel's exact peak). */
  peakRss(): number;
  resetPeakRss(): void;
  alive(): boolean;
  stop(): Promise<void>;
};

/**
 * The sidecar as its own process, started as `npm start` starts it (sidecar/src/main.ts with
 * its settings in the environment), listening on a free port. Its memory is its own, so a test
 * can measure it; Linux only (/proc).
 */
export async function startSidecarProcess(env: Record<string, string>, options: { heapMb?: number } = {}): Promise<SidecarProcess> {
  const child: ChildProcess = spawn(process.execPath, [...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []), "--import", "tsx", "sidecar/src/main.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, SFTP_PORT: "0", ...env },
  });
  const logs: Array<Record<string, unknown>> = [];
  let partial = "";
  child.stdout!.on("data", (d: Buffer) => {
    const lines = (partial + d.toString()).split("\n");
    partial = lines.pop()!;
    for (const line of lines) if (line.trim()) logs.push(JSON.parse(line));
  });
  let exited = false;
  const gone = new Promise<void>((resolve) => child.on("exit", () => ((exited = true), resolve())));
  const status = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) * 1024;

  const listening = await waitFor(async () => (exited ? null : logs.find((l) => l.event === "sftp.listening")), 60_000, "the sidecar to listen");
  if (!listening) throw new Error(`the sidecar exited before listening: ${JSON.stringify(logs)}`);
  return {
    port: listening.port as number,
    pid: child.pid!,
    logs,
    rss: () => status("VmRSS"),
    peakRss: () => status("VmHWM"),
    // Writing 5 to clear_refs resets the peak to the current RSS (Linux 4.0+).
    resetPeakRss: () => writeFileSync(`/proc/${child.pid}/clear_refs`, "5"),
    alive: () => !exited,
    async stop() {
      // No graceful stop: nothing a test checks happens during the grace period.
      if (!exited) child.kill("SIGKILL");
      await gone;
    },
  };
}
