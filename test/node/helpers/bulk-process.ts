import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../../cli/bin.mjs", import.meta.url));

/** A `bulk` process as a user runs it: a real child process, stdin/stdout/stderr pipes (no TTY). */
export type BulkRun = {
  child: ChildProcess;
  /** Everything written so far (live: read it while the process runs). */
  out: { stdout: string; stderr: string };
  /** The exit code once the process ends, with everything it wrote. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
};

export function startBulk(args: string[], env: Record<string, string>, cwd?: string): BulkRun {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  child.stdout!.on("data", (d) => (out.stdout += d));
  child.stderr!.on("data", (d) => (out.stderr += d));
  child.stdin!.end();
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once("close", (code) => resolve({ code, ...out })));
  return { child, out, done };
}

/** Runs `bulk …` to its end. */
export function runBulk(args: string[], env: Record<string, string>, cwd?: string) {
  return startBulk(args, env, cwd).done;
}

/** The lines of an output, without the empty last one. */
export const linesOf = (text: string) => text.split("\n").filter((line) => line !== "");
