/**
 * Runs at most `limit` tasks at once; the rest wait in order. Bounds the memory of concurrent
 * uploads (each holds about two parts) however many partners close files at the same moment.
 */
export function createTaskLimiter(limit: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/**
 * Runs at most `limit` tasks at once for each key; keys do not wait for each other. Keys with
 * nothing running or waiting are forgotten, so the map holds only active keys.
 */
export function createKeyedTaskLimiter(limit: number) {
  const byKey = new Map<string, { run: ReturnType<typeof createTaskLimiter>; tasks: number }>();
  return async function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { run: createTaskLimiter(limit), tasks: 0 }));
    entry.tasks++;
    try {
      return await entry.run(task);
    } finally {
      if (--entry.tasks === 0) byKey.delete(key);
    }
  };
}
