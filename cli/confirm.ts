import { createInterface } from "node:readline/promises";
import type { Io } from "./io";

/** Asks a yes/no question on the terminal; only an explicit y or yes is a yes (Ctrl-C is a no). */
export async function confirm(io: Io, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    const answer = await new Promise<string>((resolve) => {
      // At a prompt, Ctrl-C reaches readline, not the process.
      rl.once("SIGINT", () => {
        io.stderr.write("\n");
        resolve("");
      });
      rl.question(`${question} [y/N] `).then(resolve, () => resolve(""));
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
