import { stat } from "node:fs/promises";
import { createBatch } from "../../client/create-batch";
import { saveReport } from "../../client/downloads";
import { formatOfPath } from "../../client/file-format";
import type { Batch, OperationKind } from "../../client/types";
import { uploadFile } from "../../client/upload-file";
import { waitForBatch } from "../../client/wait-for-batch";
import type { Command } from "../args";
import { EXIT, exitCodeForStatus } from "../exit-code";
import { formatProgressLine } from "../format";
import { CliError, EXIT_INTERRUPTED, isAbort, say } from "../io";
import { createProgressView } from "../progress-view";
import type { CommandContext } from "./context";

type Submit = Extract<Command, { name: "submit" }>;

/** `bulk submit`: upload, create the batch, and with --wait follow it to its end. */
export async function submit(command: Submit, { client, io }: CommandContext): Promise<number> {
  const format = formatOfPath(command.file);
  if (!format) throw new CliError(`${command.file}: unknown format (name the file .csv or .jsonl)`);
  await assertReadableFile(command.file);

  const view = createProgressView(io.stderr);
  let upload;
  try {
    upload = await uploadFile(client, command.file, { format, onProgress: (p) => view.upload(p), signal: io.signal });
  } finally {
    view.stop();
  }
  const batch = await createBatch(
    client,
    {
      // The API names the operations it knows when this one is not among them.
      operation: command.operation as OperationKind,
      source: upload.source,
      params: command.params ?? {},
      ...(command.mapping && { mapping: command.mapping }),
      ...(command.dryRun && { dry_run: true }),
    },
    { signal: io.signal },
  );
  io.stdout.write(`${batch.id}\n`);
  say(io, `created ${batch.id} (${batch.operation}${batch.dry_run ? ", dry run" : ""})`);
  if (!command.wait) return EXIT.ok;

  let final: Batch;
  try {
    final = await waitForBatch(client, batch.id, { onProgress: (b) => view.batch(b), signal: io.signal });
  } catch (error) {
    view.stop();
    if (!isAbort(error)) throw error;
    // Ctrl-C stops this command, not the batch: say so, and how to find it again.
    say(io, `stopped waiting; ${batch.id} goes on (bulk status ${batch.id}, bulk cancel ${batch.id})`);
    return EXIT_INTERRUPTED;
  }
  view.stop();
  if (io.stderr.isTTY) say(io, formatProgressLine(final));
  if (final.progress.rows_failed > 0) await saveFailedRows(command.file, final, { client, io });
  return exitCodeForStatus(final.status);
}

/**
 * `<FILE>.errors.csv` next to the file: the failed rows in the source's own
 * columns with the errors, ready to fix and submit again.
 */
async function saveFailedRows(file: string, batch: Batch, { client, io }: CommandContext): Promise<void> {
  const target = `${file}.errors.csv`;
  await saveReport(client, batch.id, "errors.csv", target, io.signal);
  say(io, `${batch.progress.rows_failed} failed rows written to ${target}`);
}

async function assertReadableFile(path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(error.code === "ENOENT" ? `${path}: no such file` : `${path}: ${error.message}`);
  });
  if (!info.isFile()) throw new CliError(`${path}: not a file`);
}
