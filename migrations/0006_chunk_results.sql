CREATE TABLE `chunk_results` (
	`batch_id` text NOT NULL,
	`last_row` integer NOT NULL,
	`first_row` integer NOT NULL,
	`chunk_index` integer NOT NULL,
	`succeeded` integer NOT NULL,
	`failed` integer NOT NULL,
	`sample_min` integer,
	`delivery` text NOT NULL,
	`results` blob,
	`errors` blob,
	PRIMARY KEY(`batch_id`, `last_row`)
);
--> statement-breakpoint
CREATE INDEX `chunk_results_failed` ON `chunk_results` (`batch_id`,`last_row`,`sample_min`) WHERE failed > 0;