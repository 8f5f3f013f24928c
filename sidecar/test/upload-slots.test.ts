import { describe, expect, it } from "vitest";
import { createUploadSlots } from "../src/upload-slots";

/** A task that runs until `finish` is called, reporting when it started. */
function heldTask() {
  let finish!: (fail?: boolean) => void;
  let started = false;
  const run = () => {
    started = true;
    return new Promise<void>((resolve, reject) => (finish = (fail) => (fail ? reject(new Error("failed")) : resolve())));
  };
  return { run, started: () => started, finish: (fail?: boolean) => finish(fail) };
}
const settle = () => new Promise((r) => setImmediate(r));

describe("createUploadSlots", () => {
  it("one credential holds at most its share; another's upload starts meanwhile", async () => {
    const slot = createUploadSlots({ maxConcurrentUploads: 3, maxConcurrentUploadsPerCredential: 2 });
    const a = [heldTask(), heldTask(), heldTask()];
    const b = heldTask();
    const runs = [...a.map((t) => slot("a", t.run)), slot("b", b.run)].map((run) => run.then(
      () => "done",
      () => "failed",
    ));
    await settle();
    expect([...a.map((t) => t.started()), b.started()]).toEqual([true, true, false, true]);

    // A failure gives the slot back at once: the credential's next upload starts.
    a[0]!.finish(true);
    await settle();
    expect(a[2]!.started()).toBe(true);
    for (const t of [a[1]!, a[2]!, b]) t.finish();
    expect(await Promise.all(runs)).toEqual(["failed", "done", "done", "done"]);
  });

  it("credentials within their share still wait for the shared slots", async () => {
    const slot = createUploadSlots({ maxConcurrentUploads: 2, maxConcurrentUploadsPerCredential: 1 });
    const [a, b, c] = [heldTask(), heldTask(), heldTask()];
    const runs = [slot("a", a.run), slot("b", b.run), slot("c", c.run)];
    await settle();
    expect([a.started(), b.started(), c.started()]).toEqual([true, true, false]);
    a.finish();
    await settle();
    expect(c.started()).toBe(true);
    b.finish();
    c.finish();
    await Promise.all(runs);
  });
});
