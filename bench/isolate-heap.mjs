// The Worker isolate's own V8 heap, read through the DevTools protocol (the
// inspector `npm start` opens when INSPECTOR_PORT is set). workerd's RSS also
// holds local D1, R2 and the queue broker, which in production are not in the
// isolate at all; the isolate's heap is what the 128 MB limit applies to.
// Locally workerd sets no heap limit, so V8 lets garbage pile up to hundreds of
// MB before collecting; what the isolate really holds is the heap right after a
// full collection, which this takes every `gcEveryMs`.
// Node 20 needs --experimental-websocket for the global WebSocket (the npm script passes it).

/** Samples the isolate's heap; `stop()` returns the live heap's peak and median, and the peak with garbage, in MB. */
export async function trackIsolateHeap(inspectorPort, { sampleEveryMs = 250, gcEveryMs = 2000 } = {}) {
  if (typeof WebSocket !== "function") throw new Error("no global WebSocket: run node with --experimental-websocket");
  // The inspector proxy refuses a client without an Origin it trusts.
  const ws = new WebSocket(`ws://127.0.0.1:${inspectorPort}/ws`, { headers: { Origin: "http://127.0.0.1" } });
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error(`cannot reach the inspector on port ${inspectorPort}`));
  });
  let nextId = 0;
  const waiting = new Map();
  ws.onmessage = (message) => {
    const reply = JSON.parse(message.data);
    waiting.get(reply.id)?.(reply.result);
    waiting.delete(reply.id);
  };
  // A request can sit unanswered while workerd is busy elsewhere (seen during a long upload):
  // after `timeoutMs` it counts as no sample rather than stalling the run.
  const call = (method, timeoutMs = 5000) =>
    new Promise((resolve) => {
      const id = ++nextId;
      const timer = setTimeout(() => (waiting.delete(id), resolve(null)), timeoutMs);
      waiting.set(id, (result) => (clearTimeout(timer), resolve(result)));
      ws.send(JSON.stringify({ id, method }));
    });
  const usedBytes = async () => (await call("Runtime.getHeapUsage"))?.usedSize ?? 0;
  /** The heap after a full collection; 0 when the inspector did not answer in time. */
  const liveBytes = async () => ((await call("HeapProfiler.collectGarbage")) ? usedBytes() : 0);

  let usedPeak = 0;
  const liveSamples = [];
  let lastGc = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      usedPeak = Math.max(usedPeak, await usedBytes());
      if (Date.now() - lastGc >= gcEveryMs) {
        const live = await liveBytes();
        if (live > 0) liveSamples.push(live);
        lastGc = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, sampleEveryMs));
    }
  })();
  const mb = (bytes) => Math.round(bytes / 1e6);
  const summary = () => {
    const sorted = [...liveSamples].sort((a, b) => a - b);
    return { live: mb(sorted.at(-1) ?? 0), live_median: mb(sorted[Math.floor(sorted.length / 2)] ?? 0), live_samples: sorted.length, used: mb(usedPeak) };
  };
  return {
    /** The heap live right now (after a full collection), in MB. */
    live: async () => mb(await liveBytes()),
    async stop() {
      running = false;
      await loop;
      ws.close();
      return summary();
    },
  };
}
