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
};

export const processIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });

/** A person is at a terminal: both ends are TTYs (never when piped, redirected or run by a script). */
export const isInteractive = (io: Io) => Boolean(io.stdin.isTTY && io.stderr.isTTY);

/** One line to stderr. */
export const say = (io: Io, line: string) => void io.stderr.write(`${line}\n`);

/** An expected failure: shown as one line (`bulk: …`), never with a stack trace. */
export class CliError extends Error {
  override readonly name = "CliError";
}
