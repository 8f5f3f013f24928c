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
