import { planChunks } from "../domain/chunking";
import type { SourceRow } from "../domain/parse-rows";
import { logEvent } from "../lib/log";
import { ledgerRowsAt, readChunkRows } from "../queues/chunk-rows";
import { failedRowNumbersIn } from "../results/read-rows";
import { resultStoresOf } from "../results/stores";
import { batchStub } from "./batch-client";
import type { ReaderHost } from "./reader-host";
import type { ReplayOnly } from "./batch-record";

type ReplayRow = { parent_batch_id: string; only: ReplayOnly; next_parent_chunk: number; next_row: number; done: number };

/** Parent chunks read per step; their payloads are at most 1 MB each. */
const PARENT_CHUNKS_PER_STEP = 8;
const CHUNK_MAX_BYTES = 1_000_000;

export function startReplay(sql: SqlStorage, parentBatchId: string, only: ReplayOnly): void {
  sql.exec("INSERT INTO replay (id, parent_batch_id, only) VALUES (1, ?, ?)", parentBatchId, only);
}

/** True while a replay still has parent chunks to read. */
export function replayPending(sql: SqlStorage): boolean {
  return sql.exec<{ done: number }>("SELECT done FROM replay WHERE id = 1").toArray()[0]?.done === 0;
}


/**
 * Reads the parent batch's rows back from where it kept them (its stored
 * payloads, or its byte ranges in R2; never the partner's URL again), keeps
 * all of them or only those that failed, and records them as this batch's
 * chunks, renumbered from 1 and carrying their original row numbers. Steps
 * are checkpointed by parent chunk, so a crash re-reads nothing twice.
 */
export async function replayRows(host: ReaderHost, deadline: number): Promise<{ done: boolean; rows: number }> {
  let state = host.sql.exec<ReplayRow>("SELECT parent_batch_id, only, next_parent_chunk, next_row, done FROM replay WHERE id = 1").one();
  const parent = batchStub(host.env, state.parent_batch_id)!;
  while (state.done === 0 && Date.now() < deadline && host.running()) {
    const slice = await parent.replaySlice(state.next_parent_chunk, PARENT_CHUNKS_PER_STEP, state.only);
    const ranges = slice.chunks.map((c) => ({ first: c.first_row_number, last: c.first_row_number + c.row_count - 1 }));
    const failed = state.only === "failed_rows" ? await failedRowNumbersIn(resultStoresOf(host.env), state.parent_batch_id, ranges) : null;
    const picked: { row: SourceRow; original: number }[] = [];
    for (const chunk of slice.chunks) {
      const rows = await readChunkRows(host.env.BUCKET, ledgerRowsAt(chunk, slice), chunk.row_count);
      const originals: number[] | null = chunk.original_rows ? JSON.parse(chunk.original_rows) : null;
      rows.forEach((row, i) => {
        const rowNumber = chunk.first_row_number + i;
        if (failed && !failed.has(rowNumber)) return;
        picked.push({ row, original: originals?.[i] ?? rowNumber });
      });
    }
    const planned = planChunks(picked.map((p) => p.row), { maxRows: host.chunkRows, maxBytes: CHUNK_MAX_BYTES }, state.next_row);
    const next: ReplayRow = {
      ...state,
      next_parent_chunk: slice.chunks.length > 0 ? slice.chunks.at(-1)!.chunk_index + 1 : state.next_parent_chunk,
      next_row: state.next_row + picked.length,
      done: slice.chunks.length === 0 ? 1 : 0,
    };
    host.transaction(() => {
      let index = host.ledger.nextIndex();
      for (const c of planned) {
        const originals = picked.slice(c.firstRowNumber - state.next_row, c.firstRowNumber - state.next_row + c.rows.length).map((p) => p.original);
        host.ledger.addSourceRows(index++, c, originals);
      }
      host.sql.exec("UPDATE replay SET next_parent_chunk = ?, next_row = ?, done = ? WHERE id = 1", next.next_parent_chunk, next.next_row, next.done);
    });
    state = next;
    if (planned.length > 0) await host.enqueuePending();
  }
  logEvent("batch.replay_read", { batch_id: host.batchId, parent_batch_id: state.parent_batch_id, only: state.only, rows: state.next_row - 1, done: state.done === 1 });
  return { done: state.done === 1, rows: state.next_row - 1 };
}
