/** One JSON object per line on stdout: session connect, auth result, each file's outcome. */
export type Logger = (event: string, fields?: Record<string, unknown>) => void;

/**
 * A logger writing JSON lines through `write` (stdout by default). Callers pass ids, paths,
 * counts and durations; never passwords, keys or file content.
 */
export function createLogger(write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return (event, fields = {}) => {
    write(JSON.stringify({ ts: new Date().toISOString(), event, ...fields }) + "\n");
  };
}

/** A short, secret-free description of an error for logs and failure reasons. */
export function describeError(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 300);
}
