const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * What one tenant may take of the sidecar, so that no partner (any of whom can create SFTP
 * credentials) can exhaust it for the others. All sizes in bytes; docs/sftp.md, "Limits",
 * lists each with what the partner sees when it is reached.
 */
export type UploadLimits = {
  /** Largest upload received, and largest decrypted file sent on (the large-source cap). */
  maxFileBytes: number;
  /**
   * Decrypted bytes per uploaded byte: a few MB of compressed zeros inside a PGP message
   * would otherwise become tens of GB of plaintext and hold an upload slot for hours.
   */
  maxExpansionRatio: number;
  /** Uploads decrypted and sent to the Worker at once, over all tenants. */
  maxConcurrentUploads: number;
  /** Of those, how many one credential may hold, so it can never take every slot. */
  maxConcurrentUploadsPerCredential: number;
  /** Open files and directories per SFTP session (each open file is a spool file on disk). */
  maxHandlesPerSession: number;
  /**
   * How far past the end of what a file already holds a write may start. Clients write
   * sequentially, pipelined with small reordering; a far write would make a sparse file.
   */
  maxWriteGapBytes: number;
  /** Spool disk for all credentials: files being uploaded, and closed ones waiting for a slot. */
  spoolBytes: number;
  /** Spool disk one credential may hold. */
  spoolBytesPerCredential: number;
};

export const DEFAULT_LIMITS: UploadLimits = {
  maxFileBytes: 50 * GiB,
  maxExpansionRatio: 100,
  maxConcurrentUploads: 4,
  maxConcurrentUploadsPerCredential: 2,
  maxHandlesPerSession: 16,
  maxWriteGapBytes: 64 * MiB,
  spoolBytes: 200 * GiB,
  spoolBytesPerCredential: 50 * GiB,
};
