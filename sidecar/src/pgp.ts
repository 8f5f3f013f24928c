import * as openpgp from "openpgp";
import { dearmor } from "./armor";
import { PgpError } from "./pgp-error";

export { PgpError } from "./pgp-error";

// Plaintext is released while decrypting, before the integrity tag at the end has been checked;
// safe here because it only ever goes into a multipart upload that is completed after the
// stream ended cleanly, and aborted otherwise. Without this, openpgp buffers whole messages
// that use the classic (non-AEAD) integrity packet, which is most of what partners send.
const STREAMING = { allowUnauthenticatedStream: true } satisfies openpgp.PartialConfig;

export type DecryptKeys = { privateKey: string; partnerPublicKey: string | null };

/**
 * Decrypts an OpenPGP message (binary or ASCII-armored) as a stream.
 *
 * Resolves as soon as the header is understood; the returned stream yields plaintext and errors
 * (with a PgpError) if the integrity check or, when the credential has a partner key, the
 * signature check fails, which can only be known at the end. Consumers must read it to the end
 * before trusting any of it.
 */
export async function decryptStream(input: ReadableStream<Uint8Array>, keys: DecryptKeys): Promise<ReadableStream<Uint8Array>> {
  const { first, rest } = await peekFirstChunk(input);
  // Every binary OpenPGP packet header has its top bit set; armor (and anything else textual) has not.
  const armored = (first[0]! & 0x80) === 0;
  const message = await readMessage(armored ? dearmor(rest) : rest);

  const decryptionKey = await openpgp.readPrivateKey({ armoredKey: keys.privateKey });
  if (!isAddressedTo(message, decryptionKey)) throw new PgpError("not_encrypted_to_key");
  const verificationKeys = keys.partnerPublicKey ? await openpgp.readKey({ armoredKey: keys.partnerPublicKey }) : undefined;

  let result;
  try {
    result = await openpgp.decrypt({
      message,
      decryptionKeys: decryptionKey,
      ...(verificationKeys ? { verificationKeys, expectSigned: true } : {}),
      format: "binary",
      config: STREAMING,
    });
  } catch (e) {
    throw classify(e);
  }
  return withClassifiedErrors(result.data as ReadableStream<Uint8Array>);
}

/** The message an error carries for the Worker's abort route and the logs. */
export function failureReason(e: unknown): string {
  if (e instanceof PgpError) return e.message;
  return e instanceof Error ? e.message.slice(0, 300) : String(e);
}

// Armor is read by dearmor (bounded lines), never by openpgp: binary packets only here.
async function readMessage(body: ReadableStream<Uint8Array>): Promise<openpgp.Message<ReadableStream<Uint8Array>>> {
  try {
    return await openpgp.readMessage({ binaryMessage: body, config: STREAMING });
  } catch (e) {
    throw ownError(e) ?? new PgpError("not_openpgp", describe(e));
  }
}

// Reads the first chunk (to tell binary from armored by its first byte) and returns a stream that replays it.
async function peekFirstChunk(input: ReadableStream<Uint8Array>): Promise<{ first: Uint8Array; rest: ReadableStream<Uint8Array> }> {
  const reader = input.getReader();
  const head = await reader.read();
  if (head.done || head.value.length === 0) throw new PgpError("not_openpgp", "empty file");
  const first = head.value;
  let replayed = false;
  const rest = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!replayed) {
        replayed = true;
        controller.enqueue(first);
        return;
      }
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { first, rest };
}

// Compares the recipients listed in the message with the credential's (sub)key ids up front,
// so "wrong key" is told apart from a damaged file. A wildcard id (hidden recipient) may be
// anyone, so those messages are tried.
const WILDCARD_KEY_ID = "0000000000000000";

function isAddressedTo(message: openpgp.Message<unknown>, key: openpgp.PrivateKey): boolean {
  const recipients = message.getEncryptionKeyIDs();
  if (recipients.length === 0) return true;
  const ours = new Set(key.getKeyIDs().map((id) => id.toHex()));
  return recipients.some((id) => id.toHex() === WILDCARD_KEY_ID || ours.has(id.toHex()));
}

// openpgp reports late failures (integrity, signature) as errors of the data stream itself.
function withClassifiedErrors(data: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = data.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (e) {
        controller.error(classify(e));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function classify(e: unknown): PgpError {
  const own = ownError(e);
  if (own) return own;
  const text = describe(e);
  if (/signature|signed|signing key/i.test(text)) return new PgpError("signature_failed", text);
  if (/session key|decrypt(ion)? key|no (valid )?decryption/i.test(text)) return new PgpError("not_encrypted_to_key", text);
  if (/modification detected|integrity|authentication tag|mdc/i.test(text)) return new PgpError("corrupt", text);
  if (/pars|packet|armor|unexpected/i.test(text)) return new PgpError("not_openpgp", text);
  return new PgpError("corrupt", text);
}

// Our own errors (from dearmor, say) come back from openpgp as they were or as the cause of its wrapper.
function ownError(e: unknown): PgpError | null {
  for (let cause = e, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (cause instanceof PgpError) return cause;
  }
  return null;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
