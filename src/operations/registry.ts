import { contactsUpsert } from "./contacts-upsert";
import { echo } from "./echo";
import { messagesSend } from "./messages-send";
import type { Operation } from "./types";
import { OPERATION_KINDS, type OperationKind } from "../domain/vocabulary";

export { OPERATION_KINDS, type OperationKind };

/** Every operation, by kind. Adding one: write its file, add it here and to OPERATION_KINDS (src/domain/vocabulary.ts). */
export const operations = {
  "contacts.upsert": contactsUpsert,
  "messages.send": messagesSend,
  echo,
  // Each entry keeps its own precise types; the registry only checks the shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
} satisfies Record<OperationKind, Operation<any, any>>;

export function operationFor(kind: OperationKind): Operation<unknown, unknown> {
  return operations[kind] as unknown as Operation<unknown, unknown>;
}
