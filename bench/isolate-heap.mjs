// The V8 heaps of workerd's isolates, read through the DevTools inspector
// (`npm start` opens it when INSPECTOR_PORT is set): the Worker's, through
// wrangler's proxy on INSPECTOR_PORT, and those of local D1, R2 and the queue
// broker, through workerd's own inspector behind it. In production those are
// not in the Worker's isolate at all. The Worker's heap is what the 128 MB
// limit applies to. Locally workerd sets no heap limit, so V8 lets
// garbage pile up to hundreds of MB before collecting; what the Worker really
// holds is its heap right after a full collection, which this takes every
// `gcEveryMs`; with `gcAll`, of every isolate, as a heap limit would make V8 do.
// Node 20 needs --experimental-websocket for the global WebSocket (the npm script passes it).
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/**
 * Samples the heaps of the Worker (on `inspectorPort`) and of the other
 * isolates of its workerd (among `pids`). `stop()` returns the Worker's live
 * heap (peak, median) and its peak with garbage, and every other isolate's
 * peak with garbage (and its live peak, with `gcAll`), in MB.
 */
export async function trackIsolateHeaps(inspectorPort, pids, { sampleEveryMs = 250, gcEveryMs = 2000, gcAll = false } = {}) {
  if (typeof WebSocket !== "function") throw new Error("no global WebSocket: run node with --experimental-websocket");
  // workerd serves one session per isolate, and wrangler's proxy holds the Worker's.
  const worker = { name: "worker", session: await connect(`ws://127.0.0.1:${inspectorPort}/ws`), usedPeak: 0 };
  const targets = ((await findIsolates(pids)) ?? []).filter((t) => !t.name.startsWith("core:user:"));
  const others = await Promise.all(targets.map(async (t) => ({ ...t, session: await connect(t.url), usedPeak: 0, livePeak: 0 })));
  const isolates = [worker, ...others];

  const usedBytes = async (isolate) => (await isolate.session.call("Runtime.getHeapUsage"))?.usedSize ?? 0;
  /** The heap after a full collection; 0 when the inspector did not answer in time. */
  const liveBytes = async (isolate = worker) => ((await isolate.session.call("HeapProfiler.collectGarbage")) ? usedBytes(isolate) : 0);

  const liveSamples = [];
  let lastGc = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      await Promise.all(isolates.map(async (i) => (i.usedPeak = Math.max(i.usedPeak, await usedBytes(i)))));
      if (Date.now() - lastGc >= gcEveryMs) {
        const live = await liveBytes();
        if (live > 0) liveSamples.push(live);
        if (gcAll) await Promise.all(others.map(async (i) => (i.livePeak = Math.max(i.livePeak, await liveBytes(i)))));
        lastGc = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, sampleEveryMs));
    }
  })();
  const mb = (bytes) => Math.round(bytes / 1e6);
  const summary = () => {
    const sorted = [...liveSamples].sort((a, b) => a - b);
    const seen = others.filter((i) => mb(i.usedPeak) > 0).sort((a, b) => b.usedPeak - a.usedPeak);
    return {
      worker: { live: mb(sorted.at(-1) ?? 0), live_median: mb(sorted[Math.floor(sorted.length / 2)] ?? 0), live_samples: sorted.length, used: mb(worker.usedPeak) },
      /** isolate name → its heap's peak, garbage included */
      others_used: Object.fromEntries(seen.map((i) => [i.name, mb(i.usedPeak)])),
      /** isolate name → its heap's peak after a full collection (with `gcAll`) */
      ...(gcAll && { others_live: Object.fromEntries(seen.map((i) => [i.name, mb(i.livePeak)])) }),
    };
  };
  return {
    /** The Worker's heap live right now (after a full collection), in MB. */
    live: async () => mb(await liveBytes()),
    async stop() {
      running = false;
      await loop;
      for (const i of isolates) i.session.close();
      return summary();
    },
  };
}

/** One DevTools session; a call left unanswered for `timeoutMs` resolves to null rather than stalling the run. */
async function connect(url) {
  // The inspectors refuse a client without an Origin they trust.
  const ws = new WebSocket(url, { headers: { Origin: "http://127.0.0.1" } });
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error(`cannot reach the inspector at ${url}`));
  });
  let nextId = 0;
  const waiting = new Map();
  ws.onmessage = (message) => {
    const reply = JSON.parse(message.data);
    waiting.get(reply.id)?.(reply.result);
    waiting.delete(reply.id);
  };
  return {
    call: (method, timeoutMs = 5000) =>
      new Promise((resolve) => {
        const id = ++nextId;
        const timer = setTimeout(() => (waiting.delete(id), resolve(null)), timeoutMs);
        waiting.set(id, (result) => (clearTimeout(timer), resolve(result)));
        ws.send(JSON.stringify({ id, method }));
      }),
    close: () => ws.close(),
  };
}

/**
 * workerd's own inspector: wrangler starts it on a port of its choosing and
 * proxies the Worker's isolate on INSPECTOR_PORT. It is the listening port of
 * a workerd whose /json/list names the Worker (`core:user:…`); one target per
 * isolate, or null when none answers.
 */
async function findIsolates(pids) {
  for (const pid of pids) {
    for (const port of listeningPorts(pid)) {
      try {
        const list = await (await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(2000) })).json();
        if (Array.isArray(list) && list.some((t) => t.title?.includes("core:user:"))) {
          return list.map((t) => ({ name: t.title.replace(/^workerd: worker /, ""), url: t.webSocketDebuggerUrl }));
        }
      } catch {
        /* not an inspector */
      }
    }
  }
  return null;
}

/** The TCP ports `pid` listens on, from /proc: its socket inodes, matched against the listening sockets. */
function listeningPorts(pid) {
  const inodes = new Set();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode) inodes.add(inode);
    }
  } catch {
    return []; // gone
  }
  const ports = [];
  for (const table of ["tcp", "tcp6"]) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, "utf8").trim().split("\n").slice(1)) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state === "0A" && inodes.has(inode)) ports.push(parseInt(local.split(":")[1], 16)); // 0A: LISTEN
    }
  }
  return ports;
}
