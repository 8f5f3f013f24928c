import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./errors";

/** The largest JSON request body, in bytes: 10 MB (the contract's limit). */
export const MAX_JSON_BODY_BYTES = 10 * 1024 * 1024;

/** Refuses a JSON body over MAX_JSON_BODY_BYTES with 413 `payload_too_large` before it is parsed. */
export const jsonBodyLimit = (hint: string) =>
  bodyLimit({
    maxSize: MAX_JSON_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, "payload_too_large", `Request bodies are limited to ${MAX_JSON_BODY_BYTES} bytes; ${hint}`);
    },
  });
