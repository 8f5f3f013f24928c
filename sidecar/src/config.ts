import path from "node:path";
import { z } from "zod";
import { DEFAULT_LIMITS, type UploadLimits } from "./limits";

const MiB = 1024 * 1024;

/** Everything the sidecar reads from its environment, validated once at start. */
export const ConfigSchema = z.object({
  SFTP_PORT: z.coerce.number().int().min(0).max(65535).default(2222),
  SFTP_HOST: z.string().min(1).default("127.0.0.1"),
  WORKER_URL: z.url().default("http://127.0.0.1:8787"),
  // The shared secret of the internal routes; the Worker reads the same name.
  SIDECAR_TOKEN: z.string().min(16, "SIDECAR_TOKEN must be at least 16 characters"),
  /** Host key, spool and other local state live here. */
  SIDECAR_STATE_DIR: z.string().default(".wrangler/sidecar"),
  /** PEM/OpenSSH private host key; generated (ed25519) on first start when missing. */
  SFTP_HOST_KEY_PATH: z.string().optional(),
  SFTP_SPOOL_DIR: z.string().optional(),
  /** Plaintext bytes per multipart part: R2 needs ≥ 5 MiB for every part but the last. */
  SFTP_PART_BYTES: z.coerce.number().int().min(5 * MiB).max(512 * MiB).default(8 * MiB),
  // The per-tenant limits (see limits.ts for what each bounds, docs/sftp.md for what partners see).
  /** Largest upload accepted and largest decrypted file, in bytes (the large-source cap). */
  SFTP_MAX_FILE_BYTES: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxFileBytes),
  SFTP_MAX_EXPANSION_RATIO: z.coerce.number().min(1).default(DEFAULT_LIMITS.maxExpansionRatio),
  /** Uploads decrypted and sent to the Worker at once; each holds about two parts in memory. */
  SFTP_MAX_CONCURRENT_UPLOADS: z.coerce.number().int().min(1).max(64).default(DEFAULT_LIMITS.maxConcurrentUploads),
  /** Taken as at most SFTP_MAX_CONCURRENT_UPLOADS. */
  SFTP_MAX_CONCURRENT_UPLOADS_PER_CREDENTIAL: z.coerce.number().int().min(1).default(DEFAULT_LIMITS.maxConcurrentUploadsPerCredential),
  SFTP_MAX_HANDLES_PER_SESSION: z.coerce.number().int().min(1).max(1024).default(DEFAULT_LIMITS.maxHandlesPerSession),
  SFTP_MAX_WRITE_GAP_BYTES: z.coerce.number().int().min(0).default(DEFAULT_LIMITS.maxWriteGapBytes),
  SFTP_SPOOL_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_LIMITS.spoolBytes),
  /** Unset: SFTP_MAX_FILE_BYTES, so one file of the largest size fits; taken as at most SFTP_SPOOL_MAX_BYTES. */
  SFTP_SPOOL_MAX_BYTES_PER_CREDENTIAL: z.coerce.number().int().positive().optional(),
  /** How long a CLOSE waits for its file's decryption and upload before answering OK anyway. */
  SFTP_CLOSE_WAIT_MS: z.coerce.number().int().min(0).default(10_000),
  /** When set, a plain HTTP health endpoint on this port (a Cloudflare Container checks readiness over HTTP). */
  SIDECAR_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Login attempts: burst and refill per username and per remote address. */
  SFTP_LOGIN_BURST_PER_USER: z.coerce.number().int().min(1).default(10),
  SFTP_LOGIN_BURST_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  SFTP_LOGIN_REFILL_PER_MINUTE: z.coerce.number().positive().default(10),
});

export type SidecarConfig = {
  port: number;
  host: string;
  workerUrl: string;
  token: string;
  hostKeyPath: string;
  spoolDir: string;
  partBytes: number;
  limits: UploadLimits;
  loginLimits: { perUser: number; perAddress: number; refillPerMinute: number };
  healthPort: number | null;
  closeWaitMs: number;
};

/** Parses the environment; throws a readable error naming every bad variable. */
export function readConfig(env: Record<string, string | undefined>): SidecarConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid sidecar configuration:\n  ${lines.join("\n  ")}`);
  }
  const c = parsed.data;
  return {
    port: c.SFTP_PORT,
    host: c.SFTP_HOST,
    workerUrl: c.WORKER_URL.replace(/\/+$/, ""),
    token: c.SIDECAR_TOKEN,
    hostKeyPath: c.SFTP_HOST_KEY_PATH ?? path.join(c.SIDECAR_STATE_DIR, "ssh_host_ed25519_key"),
    spoolDir: c.SFTP_SPOOL_DIR ?? path.join(c.SIDECAR_STATE_DIR, "spool"),
    partBytes: c.SFTP_PART_BYTES,
    limits: {
      maxFileBytes: c.SFTP_MAX_FILE_BYTES,
      maxExpansionRatio: c.SFTP_MAX_EXPANSION_RATIO,
      maxConcurrentUploads: c.SFTP_MAX_CONCURRENT_UPLOADS,
      // A per-credential share above the whole would mean no share at all.
      maxConcurrentUploadsPerCredential: Math.min(c.SFTP_MAX_CONCURRENT_UPLOADS_PER_CREDENTIAL, c.SFTP_MAX_CONCURRENT_UPLOADS),
      maxHandlesPerSession: c.SFTP_MAX_HANDLES_PER_SESSION,
      maxWriteGapBytes: c.SFTP_MAX_WRITE_GAP_BYTES,
      spoolBytes: c.SFTP_SPOOL_MAX_BYTES,
      spoolBytesPerCredential: Math.min(c.SFTP_SPOOL_MAX_BYTES_PER_CREDENTIAL ?? c.SFTP_MAX_FILE_BYTES, c.SFTP_SPOOL_MAX_BYTES),
    },
    loginLimits: {
      perUser: c.SFTP_LOGIN_BURST_PER_USER,
      perAddress: c.SFTP_LOGIN_BURST_PER_ADDRESS,
      refillPerMinute: c.SFTP_LOGIN_REFILL_PER_MINUTE,
    },
    healthPort: c.SIDECAR_HEALTH_PORT ?? null,
    closeWaitMs: c.SFTP_CLOSE_WAIT_MS,
  };
}
