import { dataOf, type BulkClient } from "./create-client";
import type { BatchErrorReport, BatchErrorRow, BatchResultPage, BatchResultRow } from "./types";

export type PageOptions = {
  /** Rows per request (1 to 1000). */
  pageSize?: number;
  signal?: AbortSignal;
};

/** Follows `next_cursor` from the first page to the last. */
async function* cursorPages<Page extends { next_cursor: string | null }>(fetchPage: (cursor: string | undefined) => Promise<Page>): AsyncGenerator<Page> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield page;
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

/** Each page of `GET …/{id}/errors`, in row order (past 10,000 failures a sample: see `sampled`). */
export function errorPages(client: BulkClient, id: string, options: PageOptions = {}): AsyncGenerator<BatchErrorReport> {
  return cursorPages(async (cursor) =>
    dataOf(await client.api.GET("/v2/batch/operations/{id}/errors", { params: { path: { id }, query: { cursor, limit: options.pageSize } }, signal: options.signal })),
  );
}

/** Each failed row with its errors, across every page. */
export async function* eachError(client: BulkClient, id: string, options: PageOptions = {}): AsyncGenerator<BatchErrorRow> {
  for await (const page of errorPages(client, id, options)) yield* page.errors;
}

/** Each page of `GET …/{id}/result`, in row order. */
export function resultPages(client: BulkClient, id: string, options: PageOptions = {}): AsyncGenerator<BatchResultPage> {
  return cursorPages(async (cursor) =>
    dataOf(await client.api.GET("/v2/batch/operations/{id}/result", { params: { path: { id }, query: { cursor, limit: options.pageSize } }, signal: options.signal })),
  );
}

/** Each succeeded row with its result, across every page. */
export async function* eachResult(client: BulkClient, id: string, options: PageOptions = {}): AsyncGenerator<BatchResultRow> {
  for await (const page of resultPages(client, id, options)) yield* page.results;
}
