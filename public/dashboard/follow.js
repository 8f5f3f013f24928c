import { api, authHeaders, batchPath, failure, TERMINAL } from "./api.js";

const POLL_MS = 2000;
const RECONNECT_MS = 1000;
// Streams in a row that ended without a single frame before falling back to polling.
const RECONNECTS = 3;

/**
 * Calls `onBatch` with each new state of a batch until it ends or `signal`
 * aborts. Live from the SSE stream GET …/{id}/events, read with fetch and a
 * stream reader because EventSource cannot send the bearer header; when the
 * stream cannot be read (a proxy buffering it, an old browser), by polling
 * GET …/{id}. `onMode` hears "live" or "polling"; `onError` an ApiError that
 * stopped the updates (a revoked key, a batch gone).
 */
export async function followBatch(id, { onBatch, onMode = () => {}, onError = () => {}, signal }) {
  let empty = 0;
  while (!signal.aborted && empty <= RECONNECTS) {
    let last;
    try {
      last = await readStream(id, onBatch, () => onMode("live"), signal);
    } catch (e) {
      if (signal.aborted) return;
      if (e.status === 401 || e.status === 404) return onError(e);
      break; // the stream itself failed: poll instead
    }
    if (last && TERMINAL.has(last.status)) return;
    // The stream ended before the batch did (the server restarted, a long batch outlived the
    // connection): open it again, as long as streams keep carrying something.
    empty = last ? 0 : empty + 1;
    await pause(RECONNECT_MS, signal);
  }
  if (signal.aborted) return;
  onMode("polling");
  await poll(id, onBatch, onError, signal);
}

/** Reads the stream to its end; resolves to the last Batch it carried. */
async function readStream(id, onBatch, onOpen, signal) {
  const res = await fetch(batchPath(id, "/events"), { headers: { ...authHeaders(), Accept: "text/event-stream" }, signal });
  if (!res.ok) throw await failure(res);
  if (!res.body || !res.headers.get("Content-Type")?.startsWith("text/event-stream")) throw new Error("not an event stream");
  onOpen();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let last = null;
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch (e) {
      // Cut off mid-stream after frames came: as if it had ended (the caller opens it again).
      if (last && !signal.aborted) return last;
      throw e;
    }
    const { value, done } = chunk;
    if (done) return last;
    buffered += value.replace(/\r\n?/g, "\n");
    const frames = buffered.split("\n\n");
    buffered = frames.pop();
    for (const frame of frames) {
      const batch = dataOf(frame);
      if (batch) onBatch((last = batch));
    }
  }
}

/** The Batch in one SSE frame's data lines (progress and completed frames both carry one). */
function dataOf(frame) {
  const data = frame
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).replace(/^ /, ""))
    .join("\n");
  return data ? JSON.parse(data) : null;
}

async function poll(id, onBatch, onError, signal) {
  while (!signal.aborted) {
    try {
      const batch = await api(batchPath(id), { signal });
      onBatch(batch);
      if (TERMINAL.has(batch.status)) return;
    } catch (e) {
      if (signal.aborted) return;
      if (e.status === 401 || e.status === 404) return onError(e);
      // A network blip or a 5xx: keep trying at the same pace.
    }
    await pause(POLL_MS, signal);
  }
}

/** Waits `ms`, or less if the view is left meanwhile. */
function pause(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}
