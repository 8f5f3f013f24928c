/** The D1 schema, one module per area; drizzle-kit reads this folder (drizzle.config.ts). */
export * from "./tenants";
export * from "./batches";
export * from "./results";
export * from "./sources";
export * from "./operations";
export * from "./v1";
export * from "./sftp";
export * from "./webhooks";
