CREATE TABLE `batch_operations` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`job_id` text NOT NULL,
	`item_count` integer NOT NULL,
	`created_count` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `batch_operations_project_list` ON `batch_operations` (`project_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `job_triggers` (
	`job_id` text NOT NULL,
	`payload_hash` text NOT NULL,
	`triggered_at` text NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`job_id`, `payload_hash`)
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`operation` text NOT NULL,
	`params` text NOT NULL,
	`dedup_window_secs` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_project_list` ON `jobs` (`project_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`job_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`payload` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runs_batch_row` ON `runs` (`batch_id`,`row_number`);--> statement-breakpoint
ALTER TABLE `batches` ADD `parent_batch_id` text;--> statement-breakpoint
CREATE INDEX `batches_parent` ON `batches` (`parent_batch_id`) WHERE parent_batch_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE `row_results` ADD `original_row_number` integer;