import { checkQueueBatch, checkQueueDelay, checkQueueSend, type QueueMessageInput } from "../../../src/lib/limit-checks";
import { patchMethod } from "./patch-method";
import { throwIfViolation, violationError } from "./violations";

/**
 * Holds every `send` and `sendBatch` in the isolate to production's limits
 * (message and batch sizes, messages per batch, delays); the returned promise
 * rejects, as the binding's would. `queue` is any producer binding: workerd's
 * WorkerQueue class is shared by all of them.
 */
export function enforceQueueLimits(queue: Queue): void {
  const prototype = Object.getPrototypeOf(queue);
  patchMethod(prototype, "send", (original) =>
    function (this: Queue, body: unknown, options?: QueueSendOptions) {
      const violation = checkQueueSend({ body, delaySeconds: options?.delaySeconds });
      return violation ? Promise.reject(violationError(violation)) : original.call(this, body, options);
    },
  );
  patchMethod(prototype, "sendBatch", (original) =>
    function (this: Queue, messages: Iterable<QueueMessageInput>, options?: QueueSendBatchOptions) {
      const list = [...messages];
      const violation = checkQueueBatch(list, options);
      return violation ? Promise.reject(violationError(violation)) : original.call(this, list, options);
    },
  );
}

/**
 * Holds `message.retry({ delaySeconds })` and `batch.retryAll({ delaySeconds })`
 * to production's 12 hours. Their classes (workerd's native ones for real
 * deliveries, cloudflare:test's for `createMessageBatch`) are reachable only
 * through a delivered batch, so the Worker's `queue` handler is wrapped to
 * patch them on the first batch it is given, before the handler sees it.
 */
export function enforceRetryLimits(worker: { queue?: ExportedHandlerQueueHandler<never> }): void {
  patchMethod(worker, "queue", (original) =>
    function (this: unknown, batch: MessageBatch, ...rest: unknown[]) {
      patchRetryAll(Object.getPrototypeOf(batch));
      const first = batch.messages[0];
      if (first) patchRetry(Object.getPrototypeOf(first));
      return original.call(this, batch, ...rest);
    },
  );
}

function patchRetry(messagePrototype: object) {
  patchMethod(messagePrototype, "retry", (original) =>
    function (this: Message, options?: QueueRetryOptions) {
      throwIfViolation(checkQueueDelay(options?.delaySeconds, `retry of message ${this.id}`));
      return original.call(this, options);
    },
  );
}

function patchRetryAll(batchPrototype: object) {
  patchMethod(batchPrototype, "retryAll", (original) =>
    function (this: MessageBatch, options?: QueueRetryOptions) {
      throwIfViolation(checkQueueDelay(options?.delaySeconds, `retryAll of a batch from ${this.queue}`));
      return original.call(this, options);
    },
  );
}
