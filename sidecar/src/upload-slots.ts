import { createKeyedTaskLimiter, createTaskLimiter } from "./concurrency";
import type { UploadLimits } from "./limits";

/**
 * The upload slots: at most `maxConcurrentUploads` files decrypted and sent at once, of which
 * one credential holds at most `maxConcurrentUploadsPerCredential`, so one tenant's uploads
 * (a bomb, or just many files) never stop another's. A credential's uploads past its share wait
 * for its own slots first, outside the shared queue, so they never hold a place others need.
 * A task gives its slot back when it settles, failures included.
 */
export function createUploadSlots(limits: Pick<UploadLimits, "maxConcurrentUploads" | "maxConcurrentUploadsPerCredential">) {
  const all = createTaskLimiter(limits.maxConcurrentUploads);
  const perCredential = createKeyedTaskLimiter(limits.maxConcurrentUploadsPerCredential);
  return <T>(credentialsId: string, task: () => Promise<T>): Promise<T> => perCredential(credentialsId, () => all(task));
}
