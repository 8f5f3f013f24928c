/** Where results live: one row per chunk in D1, sections too big for it and error reports in R2. */
export type ResultStores = { db: D1Database; bucket: R2Bucket };

export const resultStoresOf = (env: { DB: D1Database; BUCKET: R2Bucket }): ResultStores => ({ db: env.DB, bucket: env.BUCKET });
