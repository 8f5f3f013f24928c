CREATE TABLE `pending_batches` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pending_batches_created` ON `pending_batches` (`created_at`,`batch_id`);--> statement-breakpoint
ALTER TABLE `batch_operations` ADD `request_hash` text;--> statement-breakpoint
ALTER TABLE `job_triggers` ADD `batch_id` text;--> statement-breakpoint
CREATE INDEX `job_triggers_batch` ON `job_triggers` (`batch_id`) WHERE batch_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE `runs` ADD `item_index` integer;