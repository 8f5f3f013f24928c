import * as openpgp from "openpgp";

export type PgpPair = { privateKey: string; publicKey: string };

export const generatePgpKey = (name: string): Promise<PgpPair> => openpgp.generateKey({ type: "ecc", userIDs: [{ name }], format: "armored" });

/** `data` encrypted to `recipientPublicKey` (binary OpenPGP), optionally signed with `signer`. */
export async function encryptFor(data: Uint8Array, recipientPublicKey: string, signer?: PgpPair): Promise<Uint8Array> {
  return openpgp.encrypt({
    message: await openpgp.createMessage({ binary: data }),
    encryptionKeys: await openpgp.readKey({ armoredKey: recipientPublicKey }),
    ...(signer ? { signingKeys: await openpgp.readPrivateKey({ armoredKey: signer.privateKey }) } : {}),
    format: "binary",
  });
}

/** Signed by `signer`, then a byte of the signature value flipped, then encrypted. */
export async function encryptWithTamperedSignature(data: Uint8Array, recipientPublicKey: string, signer: PgpPair): Promise<Uint8Array> {
  const signed = await openpgp.sign({
    message: await openpgp.createMessage({ binary: data }),
    signingKeys: await openpgp.readPrivateKey({ armoredKey: signer.privateKey }),
    format: "binary",
  });
  signed[signed.length - 3]! ^= 0x01;
  const message = await openpgp.readMessage({ binaryMessage: signed });
  const encrypted = await message.encrypt([await openpgp.readKey({ armoredKey: recipientPublicKey })]);
  return encrypted.write() as Uint8Array;
}
