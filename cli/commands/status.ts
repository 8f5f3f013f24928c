import { getBatch } from "../../client/wait-for-batch";
import type { Command } from "../args";
import { EXIT } from "../exit-code";
import { formatBatchSummary } from "../format";
import type { CommandContext } from "./context";

/** `bulk status ID [--json]` */
export async function status(command: Extract<Command, { name: "status" }>, { client, io }: CommandContext): Promise<number> {
  const batch = await getBatch(client, command.id);
  io.stdout.write(command.json ? `${JSON.stringify(batch, null, 2)}\n` : `${formatBatchSummary(batch).join("\n")}\n`);
  return EXIT.ok;
}
