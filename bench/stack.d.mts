// Types of stack.mjs, for the Node tests that start the real local stack too (test/node/).
import type { ChildProcess } from "node:child_process";

export declare const localEnv: Record<string, string | undefined>;
export declare function freePort(): Promise<number>;
export declare function waitFor(check: () => unknown, timeoutMs: number, intervalMs?: number): Promise<void>;

export type Stack = {
  base: string;
  dev: ChildProcess;
  exited: Promise<number | null>;
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
}): Promise<Stack>;

export declare function request(
  base: string,
  method: string,
  path: string,
  options?: { body?: unknown; key?: string; headers?: Record<string, string>; timeoutMs?: number },
): Promise<{ status: number; json: any; ms: number }>;
