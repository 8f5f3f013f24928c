-- Uploads and batches from before source retention: every upload retires at its URL's expiry;
-- each batch not yet purged references the upload its signed_url names, or the file now at its
-- SFTP path (files replaced before this migration were never recorded, so they are never deleted).
INSERT OR IGNORE INTO `source_objects` (`r2_key`, `retired_at`, `upload_id`) SELECT `r2_key`, `expires_at`, `id` FROM `uploads`;--> statement-breakpoint
INSERT OR IGNORE INTO `source_refs` (`r2_key`, `batch_id`)
SELECT u.`r2_key`, b.`id` FROM (
  SELECT `id`, `doc` ->> '$.source.url' AS url, instr(`doc` ->> '$.source.url', '/v2/uploads/') + 12 AS start
  FROM `batches` WHERE `purged_at` IS NULL AND `doc` ->> '$.source.kind' = 'signed_url' AND instr(`doc` ->> '$.source.url', '/v2/uploads/') > 0
) AS b JOIN `uploads` u ON u.`id` = substr(b.url, b.start, instr(b.url, '/content') - b.start);--> statement-breakpoint
INSERT OR IGNORE INTO `source_refs` (`r2_key`, `batch_id`)
SELECT f.`r2_key`, b.`id` FROM `batches` b
JOIN `sftp_files` f ON f.`credentials_id` = b.`doc` ->> '$.source.credentials_id' AND f.`path` = b.`doc` ->> '$.source.path'
WHERE b.`purged_at` IS NULL AND b.`doc` ->> '$.source.kind' = 'sftp' AND f.`status` = 'ready';
