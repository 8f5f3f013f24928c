CREATE TABLE `source_objects` (
	`r2_key` text PRIMARY KEY NOT NULL,
	`retired_at` text NOT NULL,
	`upload_id` text
);
--> statement-breakpoint
CREATE INDEX `source_objects_retired` ON `source_objects` (`retired_at`,`r2_key`);--> statement-breakpoint
CREATE TABLE `source_refs` (
	`r2_key` text NOT NULL,
	`batch_id` text NOT NULL,
	PRIMARY KEY(`r2_key`, `batch_id`)
);
--> statement-breakpoint
CREATE INDEX `source_refs_batch` ON `source_refs` (`batch_id`);