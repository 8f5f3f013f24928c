import { cancelBatch } from "../../client/batch-control";
import type { Command } from "../args";
import { confirm } from "../confirm";
import { EXIT } from "../exit-code";
import { isInteractive, say } from "../io";
import type { CommandContext } from "./context";

/**
 * `bulk cancel ID [--yes]`: asks first only when a person is at a terminal
 * (a script has nobody to answer); the API's destructive override is sent
 * either way, since asking is this command's confirmation.
 */
export async function cancel(command: Extract<Command, { name: "cancel" }>, { client, io }: CommandContext): Promise<number> {
  if (!command.yes && isInteractive(io) && !(await confirm(io, `Cancel batch ${command.id}? Rows not started will never run.`))) {
    say(io, "not cancelled");
    return EXIT.error;
  }
  await cancelBatch(client, command.id);
  say(io, `cancelled ${command.id}`);
  return EXIT.ok;
}
