import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import { openReport } from "../../client/downloads";
import type { Command } from "../args";
import { EXIT } from "../exit-code";
import type { CommandContext } from "./context";

/** `bulk errors ID [--csv]`: the whole error report, streamed to stdout. */
export async function errors(command: Extract<Command, { name: "errors" }>, { client, io }: CommandContext): Promise<number> {
  const body = await openReport(client, command.id, command.csv ? "errors.csv" : "errors.jsonl", io.signal);
  try {
    // stdout stays open after the copy: it is the process's, not this command's.
    await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), io.stdout, { end: false });
  } catch (error) {
    // `bulk errors ID | head`: the reader had enough; that is not a failure.
    if ((error as NodeJS.ErrnoException).code !== "EPIPE") throw error;
  }
  return EXIT.ok;
}
