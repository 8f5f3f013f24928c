import type { BulkClient } from "../../client/create-client";
import type { Io } from "../io";

/** What every command runs with: the API client and the streams. */
export type CommandContext = { client: BulkClient; io: Io };
