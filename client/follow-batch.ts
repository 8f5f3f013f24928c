import type { BulkClient } from "./create-client";
import type { Batch } from "./types";

export type BatchEvent = { type: "progress" | "completed"; batch: Batch };

/**
 * The batch's live events from `GET …/{id}/events` (Server-Sent Events):
 * first `progress` with its current state, one on each change (at most every
 * 500 ms), then `completed` with its final state, and the iteration ends.
 * One connection, no polling; if the connection drops before `completed`,
 * it throws, and waitForBatch (polling) is the way to carry on.
 */
export async function* followBatch(client: BulkClient, id: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<BatchEvent> {
  const response = await client.fetchOk(`/v2/batch/operations/${encodeURIComponent(id)}/events`, { headers: { Accept: "text/event-stream" }, signal: options.signal });
  if (!response.body) throw new Error("the event stream has no body");
  let buffered = "";
  for await (const text of response.body.pipeThrough(new TextDecoderStream())) {
    buffered += text.replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = buffered.indexOf("\n\n")) !== -1) {
      const event = parseFrame(buffered.slice(0, end));
      buffered = buffered.slice(end + 2);
      if (!event) continue;
      yield event;
      if (event.type === "completed") return;
    }
  }
  throw new Error(`the event stream of ${id} ended before the batch did`);
}

/** One SSE frame (`event:` and `data:` lines); null for comments and events this client does not know. */
function parseFrame(frame: string): BatchEvent | null {
  let type = "message";
  const data: string[] = [];
  for (const line of frame.split("\n")) {
    const colon = line.indexOf(":");
    if (colon === 0) continue;
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") type = value;
    else if (field === "data") data.push(value);
  }
  if ((type !== "progress" && type !== "completed") || data.length === 0) return null;
  return { type, batch: JSON.parse(data.join("\n")) as Batch };
}
