/**
 * Where a command reads and writes: the process's own streams in `bulk`,
 * others in tests. Data (ids, reports) goes to stdout; progress, messages
 * and errors to stderr, so `ID=$(bulk submit …)` and `bulk errors ID > f` stay clean.
 */
export type Io = {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Aborted when the person asks to stop (Ctrl-C): commands end what they were waiting for. */
  signal: AbortSignal;
};

/**
 * The process's streams and environment. The first Ctrl-C aborts `signal`, so
 * a command can stop cleanly (bars ended, a line saying what goes on without
 * it); a second one ends the process at once, as usual.
 */
export function processIo(): Io {
  const interrupted = new AbortController();
  process.once("SIGINT", () => interrupted.abort());
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, signal: interrupted.signal };
}

/** A person is at a terminal: both ends are TTYs (never when piped, redirected or run by a script). */
export const isInteractive = (io: Io) => Boolean(io.stdin.isTTY && io.stderr.isTTY);

/** One line to stderr. */
export const say = (io: Io, line: string) => void io.stderr.write(`${line}\n`);

/** The exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells expect. */
export const EXIT_INTERRUPTED = 130;

export const isAbort = (error: unknown) => (error as Error)?.name === "AbortError";

/** An expected failure: shown as one line (`bulk: …`), never with a stack trace. */
export class CliError extends Error {
  override readonly name = "CliError";
}
