CREATE TABLE `__new_contacts` (
	`id` text NOT NULL,
	`project_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`phone` text,
	`unique_id` text,
	`attributes` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_contacts`("id", "project_id", "email", "name", "phone", "unique_id", "attributes", "created_at", "updated_at") SELECT "id", "project_id", "email", "name", "phone", "unique_id", "attributes", "created_at", "updated_at" FROM `contacts`;--> statement-breakpoint
DROP TABLE `contacts`;--> statement-breakpoint
ALTER TABLE `__new_contacts` RENAME TO `contacts`;--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_project_email` ON `contacts` (`project_id`,`email`);--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` text NOT NULL,
	`project_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`idempotency_key` text,
	`dedup_key` text NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "project_id", "batch_id", "idempotency_key", "dedup_key", "channel", "recipient", "body", "created_at") SELECT "id", "project_id", "batch_id", "idempotency_key", "dedup_key", "channel", "recipient", "body", "created_at" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_batch_dedup` ON `outbox` (`batch_id`,`dedup_key`);