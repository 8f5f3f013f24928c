// Types of stack.mjs, for the TypeScript tests that start the real local stack with it.
import type { ChildProcess } from "node:child_process";

export declare const localEnv: NodeJS.ProcessEnv;
export declare function freePort(): Promise<number>;
export declare function waitFor(check: () => unknown, timeoutMs: number, intervalMs?: number): Promise<void>;

export type LocalStack = {
  base: string;
  dev: ChildProcess;
  exited: Promise<unknown>;
  kill(): Promise<void>;
  stop(): Promise<void>;
};

export declare function startDev(options: {
  port: number;
  state: string;
  env?: Record<string, string>;
  logPath: string;
  onLine?: (line: string) => void;
  readyTimeoutMs?: number;
}): Promise<LocalStack>;

export declare function request(
  base: string,
  method: string,
  path: string,
  options?: { body?: unknown; key?: string; headers?: Record<string, string>; timeoutMs?: number },
): Promise<{ status: number; json: any; ms: number }>;
