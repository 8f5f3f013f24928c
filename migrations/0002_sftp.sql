CREATE TABLE `sftp_credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`username` text NOT NULL,
	`auth` text NOT NULL,
	`password_hash` text,
	`password_salt` text,
	`password_iterations` integer,
	`ssh_public_key` text,
	`ssh_public_key_fingerprint` text,
	`pgp_public_key` text NOT NULL,
	`pgp_private_key_iv` text NOT NULL,
	`pgp_private_key_ciphertext` text NOT NULL,
	`partner_pgp_public_key` text,
	`partner_pgp_public_key_fingerprint` text,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sftp_credentials_username` ON `sftp_credentials` (`username`);--> statement-breakpoint
CREATE INDEX `sftp_credentials_project_list` ON `sftp_credentials` (`project_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `sftp_files` (
	`id` text PRIMARY KEY NOT NULL,
	`credentials_id` text NOT NULL,
	`path` text NOT NULL,
	`r2_key` text NOT NULL,
	`size` integer,
	`sha256` text,
	`status` text NOT NULL,
	`error` text,
	`uploaded_at` text NOT NULL,
	FOREIGN KEY (`credentials_id`) REFERENCES `sftp_credentials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sftp_files_credentials_path` ON `sftp_files` (`credentials_id`,`path`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `target_id` text;