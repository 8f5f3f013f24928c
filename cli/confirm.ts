import { createInterface } from "node:readline/promises";
import type { Io } from "./io";

/** Asks a yes/no question on the terminal; only an explicit y or yes is a yes. */
export async function confirm(io: Io, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
