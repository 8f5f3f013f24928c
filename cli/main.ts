import { createBulkClient } from "../client/create-client";
import { BulkApiError, BulkConnectionError } from "../client/errors";
import { parseCommandLine, type Command } from "./args";
import type { CommandContext } from "./commands/context";
import { EXIT } from "./exit-code";
import { helpText } from "./help";
import { CliError, EXIT_INTERRUPTED, isAbort, say, type Io } from "./io";
import { readSettings } from "./settings";

/** Runs one `bulk` invocation; resolves to its exit code and never throws. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) {
    say(io, `bulk: ${parsed.message}`);
    return EXIT.error;
  }
  const { command } = parsed;
  if (command.name === "help") {
    io.stdout.write(`${helpText(command.topic)}\n`);
    return EXIT.ok;
  }
  try {
    const settings = readSettings(io.env);
    const context = { client: createBulkClient(settings), io };
    return await run(command, context);
  } catch (error) {
    if (isAbort(error) && io.signal.aborted) {
      say(io, `bulk ${command.name}: interrupted`);
      return EXIT_INTERRUPTED;
    }
    say(io, `bulk ${command.name}: ${reasonOf(error)}`);
    if (io.env.BULK_DEBUG && error instanceof Error && !(error instanceof CliError)) io.stderr.write(`${error.stack}\n`);
    return EXIT.error;
  }
}

/** Each command's module is loaded when it runs, so a run loads only what it uses (startup time). */
async function run(command: Exclude<Command, { name: "help" }>, context: CommandContext): Promise<number> {
  switch (command.name) {
    case "submit":
      return (await import("./commands/submit")).submit(command, context);
    case "status":
      return (await import("./commands/status")).status(command, context);
    case "errors":
      return (await import("./commands/errors")).errors(command, context);
    case "replay":
      return (await import("./commands/replay")).replay(command, context);
    case "cancel":
      return (await import("./commands/cancel")).cancel(command, context);
    case "pause":
    case "resume":
      return (await import("./commands/control")).control(command, context);
  }
}

/** One line for a person: what went wrong, and for the usual causes what to check. */
export function reasonOf(error: unknown): string {
  if (error instanceof BulkApiError && error.status === 401) return `${error.message}; check BULK_API_KEY`;
  if (error instanceof BulkConnectionError) return `${error.message}; is the API running at BULK_API_URL?`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!;
}
