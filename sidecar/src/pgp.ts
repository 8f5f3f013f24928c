import * as openpgp from "openpgp";
import { dearmor } from "./armor";
import { PgpError } from "./pgp-error";
import { PlaintextTooLarge } from "./plaintext-limit";

export { PgpError } from "./pgp-error";

export type DecryptKeys = { privateKey: string; partnerPublicKey: string | null };

// openpgp counts the decompressed packets (the Literal Data packet's header and length octets,
// signature packets) against its cap, a little more than the plaintext itself: allow for that
// framing there, and hold the plaintext to its exact limit on the way out.
const framingAllowance = (bytes: number) => Math.ceil(bytes / 256) + 64 * 1024;

function configFor(maxPlaintextBytes: number) {
  return {
    // Plaintext is released while decrypting, before the integrity tag at the end has been checked;
    // safe here because it only ever goes into a multipart upload that is completed after the
    // stream ended cleanly, and aborted otherwise. Without this, openpgp buffers whole messages
    // that use the classic (non-AEAD) integrity packet, which is most of what partners send.
    allowUnauthenticatedStream: true,
    // openpgp stops decompressing (zlib, zip and bzip2 alike, streaming too) past this many bytes.
    maxDecompressedMessageSize: maxPlaintextBytes + framingAllowance(maxPlaintextBytes),
  } satisfies openpgp.PartialConfig;
}

/**
 * Decrypts an OpenPGP message (binary or ASCII-armored) as a stream.
 *
 * Resolves as soon as the header is understood; the returned stream yields plaintext and errors
 * (with a PgpError) if the integrity check or, when the credential has a partner key, the
 * signature check fails, which can only be known at the end. Consumers must read it to the end
 * before trusting any of it. It never yields more than `maxPlaintextBytes`: a message that
 * decrypts (or decompresses) to more errors with PlaintextTooLarge as soon as it gets there,
 * so a compression bomb costs no more than a file of that size.
 */
export async function decryptStream(input: ReadableStream<Uint8Array>, keys: DecryptKeys, options: { maxPlaintextBytes: number }): Promise<ReadableStream<Uint8Array>> {
  const config = configFor(options.maxPlaintextBytes);
  const classify = (e: unknown) => classifyError(e, options.maxPlaintextBytes);
  const { first, rest } = await peekFirstChunk(input);
  // Every binary OpenPGP packet header has its top bit set; armor (and anything else textual) has not.
  const armored = (first[0]! & 0x80) === 0;
  const message = await readMessage(armored ? dearmor(rest) : rest, config);

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
      config,
    });
  } catch (e) {
    throw classify(e);
  }
  return checkedPlaintext(result.data as ReadableStream<Uint8Array>, options.maxPlaintextBytes, classify);
}

/** The message an error carries for the Worker's abort route and the logs. */
export function failureReason(e: unknown): string {
  if (e instanceof PgpError || e instanceof PlaintextTooLarge) return e.message;
  return e instanceof Error ? e.message.slice(0, 300) : String(e);
}

// Armor is read by dearmor (bounded lines), never by openpgp: binary packets only here.
async function readMessage(body: ReadableStream<Uint8Array>, config: openpgp.PartialConfig): Promise<openpgp.Message<ReadableStream<Uint8Array>>> {
  try {
    return await openpgp.readMessage({ binaryMessage: body, config });
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

// openpgp reports late failures (integrity, signature, size) as errors of the data stream itself;
// the plaintext's size is counted here too.
function checkedPlaintext(data: ReadableStream<Uint8Array>, maxBytes: number, classify: (e: unknown) => Error): ReadableStream<Uint8Array> {
  const reader = data.getReader();
  let size = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) return controller.close();
        size += next.value.length;
        if (size > maxBytes) throw new PlaintextTooLarge(maxBytes);
        controller.enqueue(next.value);
      } catch (e) {
        controller.error(classify(e));
        // Stop openpgp (and the file read under it) now, not when the stream is collected.
        await reader.cancel(e).catch(() => {});
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function classifyError(e: unknown, maxPlaintextBytes: number): PgpError | PlaintextTooLarge {
  const own = ownError(e);
  if (own) return own;
  const text = describe(e);
  // zlib/zip: "Maximum decompressed message size exceeded"; bzip2: "Maximum decompressed size exceeded".
  if (/maximum decompressed/i.test(text)) return new PlaintextTooLarge(maxPlaintextBytes);
  if (/signature|signed|signing key/i.test(text)) return new PgpError("signature_failed", text);
  if (/session key|decrypt(ion)? key|no (valid )?decryption/i.test(text)) return new PgpError("not_encrypted_to_key", text);
  if (/modification detected|integrity|authentication tag|mdc/i.test(text)) return new PgpError("corrupt", text);
  if (/pars|packet|armor|unexpected/i.test(text)) return new PgpError("not_openpgp", text);
  return new PgpError("corrupt", text);
}

// Our own errors (from dearmor, say) come back from openpgp as they were or as the cause of its wrapper.
function ownError(e: unknown): PgpError | PlaintextTooLarge | null {
  for (let cause = e, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (cause instanceof PgpError || cause instanceof PlaintextTooLarge) return cause;
  }
  return null;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
