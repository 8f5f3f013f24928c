// The Worker isolate's own V8 heap, read through the DevTools protocol (the
// inspector `npm start` opens when INSPECTOR_PORT is set). workerd's RSS also
// holds local D1, R2 and the queue broker, which in production are not in the
// isolate at all; the isolate's heap is what the 128 MB limit applies to.
// Locally workerd sets no heap limit, so V8 lets garbage pile up to hundreds of
// MB before collecting; what the isolate really holds is the heap right after a
// full collection, which this takes every `gcEveryMs`.
// Node 20 needs --experimental-websocket for the global WebSocket (the npm script passes it).

/** Samples the isolate's heap; `stop()` returns the peaks in MB. */
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
  const call = (method) =>
    new Promise((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, method }));
    });
  const usedBytes = async () => (await call("Runtime.getHeapUsage"))?.usedSize ?? 0;

  const peak = { used: 0, live: 0 };
  let lastGc = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak.used = Math.max(peak.used, await usedBytes());
      if (Date.now() - lastGc >= gcEveryMs) {
        await call("HeapProfiler.collectGarbage");
        peak.live = Math.max(peak.live, await usedBytes());
        lastGc = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, sampleEveryMs));
    }
  })();
  const mb = (bytes) => Math.round(bytes / 1e6);
  const snapshot = () => ({ live: mb(peak.live), used: mb(peak.used) });
  return {
    now: snapshot,
    async stop() {
      running = false;
      await loop;
      ws.close();
      return snapshot();
    },
  };
}
