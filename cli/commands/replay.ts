import { replayBatch } from "../../client/batch-control";
import type { Command } from "../args";
import { EXIT } from "../exit-code";
import { say } from "../io";
import type { CommandContext } from "./context";

/** `bulk replay ID [--all]`: prints the new batch's id. */
export async function replay(command: Extract<Command, { name: "replay" }>, { client, io }: CommandContext): Promise<number> {
  const batch = await replayBatch(client, command.id, { only: command.all ? "all_rows" : "failed_rows" });
  io.stdout.write(`${batch.id}\n`);
  say(io, `created ${batch.id}, replaying ${command.all ? "all rows" : "the failed rows"} of ${command.id}`);
  return EXIT.ok;
}
