import type { CommandName } from "./args";

const OVERVIEW = `bulk: submit files to the bulk operations API and follow the batches.

Usage:
  bulk submit FILE --operation OP [--mapping a=b,…] [--params JSON] [--dry-run] [--wait]
  bulk status ID [--json]
  bulk errors ID [--csv]
  bulk replay ID [--all]
  bulk cancel ID [--yes]
  bulk pause ID
  bulk resume ID
  bulk help [COMMAND]        (or bulk COMMAND --help)

Environment:
  BULK_API_URL   the API's origin (default http://127.0.0.1:8787)
  BULK_API_KEY   a project API key (sk_…)

Exit codes: 0 done; 1 an error (one line on stderr), or a batch failed or was cancelled;
2 a batch partially failed (bulk submit --wait).`;

const COMMANDS: Record<CommandName, string> = {
  submit: `bulk submit FILE --operation OP [--mapping a=b,…] [--params JSON] [--dry-run] [--wait]

Uploads FILE (.csv or .jsonl) and creates a batch from it; prints the batch id on stdout.
  -o, --operation OP   contacts.upsert, messages.send, echo, …
  -m, --mapping a=b,…  rename source columns before validation ("Email Address=email,Name=name")
  --params JSON        the operation's params, a JSON object (e.g. '{"delay_ms": 100}')
  --dry-run            validate every row; write or send nothing
  -w, --wait           follow the batch until it ends; failed rows go to FILE.errors.csv
With --wait it exits 0 (succeeded), 2 (partially_failed) or 1 (failed, cancelled, or an error).`,
  status: `bulk status ID [--json]

Shows the batch's status and progress (--json: the whole Batch as the API returns it).`,
  errors: `bulk errors ID [--csv]

Writes every failed row to stdout: JSON lines (errors.jsonl), or with --csv the failed rows in the
source's columns plus error_code, error_field, error_message, row_number (errors.csv).`,
  replay: `bulk replay ID [--all]

Creates a new batch from a finished one: its failed rows (default) or, with --all, all of its rows.
Prints the new batch's id.`,
  cancel: `bulk cancel ID [--yes]

Cancels the batch: no row that has not started runs. Asks first when run at a terminal;
-y, --yes skips the question.`,
  pause: `bulk pause ID

Pauses a running batch: rows already running finish, no others start until bulk resume.`,
  resume: `bulk resume ID

Resumes a paused batch.`,
};

export function helpText(topic?: CommandName): string {
  return topic ? COMMANDS[topic] : OVERVIEW;
}
