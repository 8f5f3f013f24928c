import { pauseBatch, resumeBatch } from "../../client/batch-control";
import type { Command } from "../args";
import { EXIT } from "../exit-code";
import { formatProgressLine } from "../format";
import { say } from "../io";
import type { CommandContext } from "./context";

/** `bulk pause ID` and `bulk resume ID`: the batch's line after the change. */
export async function control(command: Extract<Command, { name: "pause" | "resume" }>, { client, io }: CommandContext): Promise<number> {
  const batch = command.name === "pause" ? await pauseBatch(client, command.id) : await resumeBatch(client, command.id);
  say(io, formatProgressLine(batch));
  return EXIT.ok;
}
