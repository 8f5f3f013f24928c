// Generated from the Worker's OpenAPI document by `npm run client:types` (openapi-typescript).
// Do not edit: change the API's zod schemas and run the script again; a test fails when this drifts.
export interface paths {
    "/v1/batch-operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a project's batch operations, newest first */
        get: {
            parameters: {
                query: {
                    cursor?: string;
                    limit?: number;
                    /** @description Must be the caller's project */
                    project_id: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of batch operations */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BatchOperationList"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batch-operations/{batchID}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a batch operation */
        get: {
            parameters: {
                query: {
                    /** @description Must be the caller's project */
                    project_id: string;
                };
                header?: never;
                path: {
                    batchID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The batch operation */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BatchOperation"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the project's jobs, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of jobs */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["JobList"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a job: an operation with fixed params, triggered in bulk */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateJobRequest"];
                };
            };
            responses: {
                /** @description The job */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Job"];
                    };
                };
                /** @description Malformed request (bad JSON or header) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobID}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a job */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    jobID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The job */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Job"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobID}/trigger-bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trigger a job for many items at once
         * @description Creates a BatchOperation and one run per item, for 1 to 1000 items (JSON bodies up to 10 MB). An item whose payload equals (as canonical JSON) one triggered on this job within its dedup_window_secs, in this request or an earlier one, creates no run: created_count ≤ item_count. All or nothing: a request that fails leaves no batch, BatchOperation, run or dedup claim behind, so it can simply be sent again. With an Idempotency-Key, sending the same job and items again answers 200 with the same batch operation and runs (their current status) and creates nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. The same key with the same job and items answers again with the same batch operation and runs (200) and creates nothing; with another job or other items, 409. Without it every request is a new trigger. */
                    "idempotency-key"?: string;
                };
                path: {
                    jobID: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TriggerBulkRequest"];
                };
            };
            responses: {
                /** @description The batch operation and runs this Idempotency-Key already created */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TriggerBulkResponse"];
                    };
                };
                /** @description The batch operation and the runs it created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TriggerBulkResponse"];
                    };
                };
                /** @description Malformed request (bad JSON or header) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the resource's state or an earlier request */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency failed; nothing was recorded, send the request again */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the runs of a batch operation, in item order */
        get: {
            parameters: {
                query: {
                    batch_id: string;
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of runs */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RunList"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a run with its status and result */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The run */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Run"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/admin/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/admin/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a project and its first API key */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown once */
                            api_key: string;
                            project: components["schemas"]["Project"];
                        };
                    };
                };
                /** @description Malformed request (bad JSON or header) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/admin/projects/{id}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create another API key for a project */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        surface?: components["schemas"]["Surface"];
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            api_key: string;
                            id: string;
                            surface: components["schemas"]["Surface"];
                        };
                    };
                };
                /** @description Malformed request (bad JSON or header) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's audit log of destructive actions, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AuditEntry"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/batch/operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the project's batches, newest first
         * @description Lists batches created through the caller key's surface. Progress here may lag the batch by about a second.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: components["schemas"]["BatchStatus"];
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of batches */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BatchList"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a batch
         * @description Starts a batch. The same Idempotency-Key with the same operation, source and params returns the existing batch (200); with different ones, 409.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Required; scopes the batch */
                    "idempotency-key": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateBatchRequest"];
                };
            };
            responses: {
                /** @description The batch this Idempotency-Key already created */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Batch"];
                    };
                };
                /** @description Created (status accepted) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Batch"];
                    };
                };
                /** @description Malformed request (bad JSON or header) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the resource's state or an earlier request */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/batch/operations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a batch with live progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The batch */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Batch"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Cancel a batch (destructive)
         * @description Needs `X-Operator-Override: destructive`. No row that has not started runs afterwards; rows already running finish and are counted. Written to the audit log with the actor.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    "x-operator-override"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Cancelled */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the resource's state or an earlier request */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Operator-Override: destructive is missing */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/batch/operations/{id}/errors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Page through failed rows
         * @description In row order. Past 10,000 failures the pages hold a uniform sample of about 10,000 rows (sampled: true); errors_url has them all.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of the error report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BatchErrorReport"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/batch/operations/{id}/errors.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the failed rows as CSV, to fix and upload again
         * @description The source's own columns (a CSV source: its header; JSONL and inline: the failed rows' keys, at most 1,000, first seen first), then error_code, error_field, error_message and row_number; several errors of a row are joined with "; ". Cells starting with =, +, -, @, tab or carriage return are prefixed with ' (CSV injection).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One record per failed row, in row order, after a header record */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The batch's results are past retention */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/batch/operations/{id}/errors.jsonl": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download every failed row as JSONL */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One BatchErrorRow per line, in row order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": string;
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/batch/operations/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow a batch live (Server-Sent Events)
         * @description `text/event-stream`: first `event: progress` with the current Batch as `data`, then one on each change (at most every 500 ms), then `event: completed` with the final Batch, and the stream ends.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/batch/operations/{id}/lineage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The replay chain around a batch, both ways */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ancestors and descendants */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BatchLineage"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/batch/operations/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a running batch
         * @description No new rows start; rows already running finish and are counted. A paused batch can be resumed or cancelled. Pausing a paused batch answers it as it is.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The batch, paused */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Batch"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the resource's state or an earlier request */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/batch/operations/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replay a finished batch's failed rows, or all of its rows
         * @description Creates a new batch with the same operation and params. failed_rows carries exactly the rows that failed, read back from where this batch kept them (never re-fetched); the new batch's reports also give each row's original_row_number. all_rows runs the whole source again. The same Idempotency-Key returns the same replay.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    "idempotency-key": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ReplayRequest"];
                };
            };
            responses: {
                /** @description The replay this Idempotency-Key already created */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Batch"];
                    };
                };
                /** @description The replay batch (status accepted) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Batch"];
                    };
                };
                /** @description Malformed request (bad JSON or header) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the resource's state or an earlier request */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The batch's results are past retention */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/batch/operations/{id}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Page through succeeded rows and their results */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of results, in row order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BatchResultPage"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/batch/operations/{id}/result.jsonl": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download every succeeded row's result as JSONL */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One result item per line, in row order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": string;
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/batch/operations/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a paused batch
         * @description Rows that had not started run again. Resuming a running batch answers it as it is.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The batch, running */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Batch"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the resource's state or an earlier request */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/partner/sftp-credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the project's SFTP credentials, newest first (revoked ones too) */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of credentials */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SftpCredentialsList"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create SFTP credentials for a partner
         * @description Returns the username, the password (auth password; shown only in this response) or the registered key's fingerprint, the host and port, and a PGP public key generated for these credentials that partners encrypt uploads to.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateSftpCredentialsRequest"];
                };
            };
            responses: {
                /** @description Created; `password` is shown only here */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SftpCredentials"];
                    };
                };
                /** @description Malformed request (bad JSON or header) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description SFTP is not configured (no SFTP_KEK) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/partner/sftp-credentials/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get SFTP credentials (never the password) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The credentials */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SftpCredentials"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Revoke SFTP credentials at once (destructive)
         * @description Needs `X-Operator-Override: destructive`. The next login fails and the sidecar gets no more keys for them; files already uploaded stay listed. Written to the audit log with the actor. Revoking revoked credentials is a no-op (204).
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    "x-operator-override"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description X-Operator-Override: destructive is missing */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/partner/sftp-credentials/{id}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The files a partner uploaded with these credentials, by path, with their status */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of files */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SftpFileList"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get a URL to upload a source file to
         * @description PUT the file's bytes to `upload_url` (no auth header: the URL is signed; send `upload_headers` with it), then create a batch with the returned `source`. The URL takes one successful PUT: another answers 409 `upload_exists`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        content_length?: number;
                        /** @enum {string} */
                        format: "csv" | "jsonl";
                    };
                };
            };
            responses: {
                /** @description Upload URL issued */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Upload"];
                    };
                };
                /** @description Malformed request (bad JSON or header) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/uploads/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download an uploaded file (signed URL; supports Range) */
        get: {
            parameters: {
                query: {
                    expires: string;
                    signature: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A byte range of the file */
                206: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The byte range starts past the end of the file */
                416: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Upload a file's bytes (signed URL) */
        put: {
            parameters: {
                query: {
                    expires: string;
                    signature: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Stored */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            size: number;
                        };
                    };
                };
                /** @description Malformed request (bad JSON or header) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflicts with the resource's state or an earlier request */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the project's webhook endpoints, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of endpoints */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpointList"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a webhook endpoint
         * @description Events are POSTed to `url` signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature), at least once, retried with backoff on a non-2xx answer or none within 10 s. The URL passes the same guard as signed_url sources.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateWebhookBody"];
                };
            };
            responses: {
                /** @description Created; `secret` is shown only here */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedWebhookEndpoint"];
                    };
                };
                /** @description Malformed request (bad JSON or header) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Webhooks are not configured (no WEBHOOK_KEK) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a webhook endpoint and its delivery log */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted; deliveries not yet made to it are dropped */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the attempts to deliver events to an endpoint, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of attempts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookDeliveryList"];
                    };
                };
                /** @description Missing, unknown or revoked credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (also another project's resource) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Validation failed; `details` lists each bad field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "batch.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** batch.completed, POSTed to each endpoint that takes it */
        post: {
            parameters: {
                query?: never;
                header: {
                    "webhook-id": string;
                    /** @description v1,<base64 HMAC-SHA256 over {id}.{timestamp}.{body}, key: the secret after whsec_, base64-decoded> */
                    "webhook-signature": string;
                    /** @description unix seconds */
                    "webhook-timestamp": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["WebhookEvent"];
                };
            };
            responses: {
                /** @description Any 2xx acknowledges it; anything else, or no answer within 10 s, is retried */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "batch.paused": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** batch.paused, POSTed to each endpoint that takes it */
        post: {
            parameters: {
                query?: never;
                header: {
                    "webhook-id": string;
                    /** @description v1,<base64 HMAC-SHA256 over {id}.{timestamp}.{body}, key: the secret after whsec_, base64-decoded> */
                    "webhook-signature": string;
                    /** @description unix seconds */
                    "webhook-timestamp": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["WebhookEvent"];
                };
            };
            responses: {
                /** @description Any 2xx acknowledges it; anything else, or no answer within 10 s, is retried */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "batch.progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** batch.progress, POSTed to each endpoint that takes it */
        post: {
            parameters: {
                query?: never;
                header: {
                    "webhook-id": string;
                    /** @description v1,<base64 HMAC-SHA256 over {id}.{timestamp}.{body}, key: the secret after whsec_, base64-decoded> */
                    "webhook-signature": string;
                    /** @description unix seconds */
                    "webhook-timestamp": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["WebhookEvent"];
                };
            };
            responses: {
                /** @description Any 2xx acknowledges it; anything else, or no answer within 10 s, is retried */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "batch.resumed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** batch.resumed, POSTed to each endpoint that takes it */
        post: {
            parameters: {
                query?: never;
                header: {
                    "webhook-id": string;
                    /** @description v1,<base64 HMAC-SHA256 over {id}.{timestamp}.{body}, key: the secret after whsec_, base64-decoded> */
                    "webhook-signature": string;
                    /** @description unix seconds */
                    "webhook-timestamp": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["WebhookEvent"];
                };
            };
            responses: {
                /** @description Any 2xx acknowledges it; anything else, or no answer within 10 s, is retried */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "batch.started": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** batch.started, POSTed to each endpoint that takes it */
        post: {
            parameters: {
                query?: never;
                header: {
                    "webhook-id": string;
                    /** @description v1,<base64 HMAC-SHA256 over {id}.{timestamp}.{body}, key: the secret after whsec_, base64-decoded> */
                    "webhook-signature": string;
                    /** @description unix seconds */
                    "webhook-timestamp": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["WebhookEvent"];
                };
            };
            responses: {
                /** @description Any 2xx acknowledges it; anything else, or no answer within 10 s, is retried */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        AuditEntry: {
            action: string;
            actor: string;
            batch_id: string | null;
            created_at: string;
            id: string;
            request_id: string;
            /** @description What the action was taken on: a batch or SFTP credentials id */
            target_id: string | null;
        };
        Batch: {
            completed_at: string | null;
            created_at: string;
            /** @example apikey:key_8f2... */
            created_by: string;
            dry_run: boolean;
            /** @description JSONL of every failed row; set when partially_failed or failed */
            errors_url: string | null;
            failure: {
                code: string;
                message: string;
            } | null;
            failure_threshold: components["schemas"]["FailureThreshold"];
            /** @example bat_5f1c... */
            id: string;
            idempotency_key: string;
            mapping: components["schemas"]["Mapping"];
            /**
             * @description Run no faster than this many rows per second on average, across every consumer (chunks of about a second's rows, each sent when its rows are paid for); replays keep it
             * @example 200
             */
            max_rows_per_second: number | null;
            operation: components["schemas"]["BatchOperationKind"];
            params: {
                [key: string]: unknown;
            };
            parent_batch_id: string | null;
            progress: components["schemas"]["BatchProgress"];
            /** @description JSONL of every succeeded row; set when succeeded or partially_failed */
            result_url: string | null;
            results_expire_at: string | null;
            source: components["schemas"]["BatchSourceView"];
            started_at: string | null;
            status: components["schemas"]["BatchStatus"];
            surface: components["schemas"]["Surface"];
        };
        BatchErrorReport: {
            batch_id: string;
            errors: {
                errors: components["schemas"]["RowError"][];
                /** @description In a replay: the row's number in the first batch of the chain */
                original_row_number?: number;
                row_number: number;
                source_identifier: string | null;
            }[];
            next_cursor: string | null;
            sampled: boolean;
            total_failed: number;
        };
        BatchLineage: {
            /** @description The batch this one replays, then its parent, up to the first batch */
            ancestors: components["schemas"]["BatchLink"][];
            batch_id: string;
            /** @description Every replay of this batch and of its replays, in creation order */
            descendants: components["schemas"]["BatchLink"][];
        };
        BatchLink: {
            created_at: string;
            id: string;
            parent_batch_id: string | null;
            status: components["schemas"]["BatchStatus"];
        };
        BatchList: {
            data: components["schemas"]["Batch"][];
            next_cursor: string | null;
        };
        BatchOperation: {
            created_at: string;
            created_by: string;
            /** @description Runs created: items that were not duplicates */
            created_count: number;
            /** @description Set once every run has ended */
            finished_at: string | null;
            /** @description Also the id of the v2 batch that runs the items */
            id: string;
            /** @description Items submitted */
            item_count: number;
            job_id: string;
            project_id: string;
        };
        /** @enum {string} */
        BatchOperationKind: "contacts.upsert" | "messages.send" | "echo";
        BatchOperationList: {
            data: components["schemas"]["BatchOperation"][];
            next_cursor: string | null;
        };
        BatchProgress: {
            /** @description seconds left at that rate; null while rows_total or the rate is unknown, 0 once ended */
            eta_seconds: number | null;
            rows_failed: number;
            /** @description rows counted per second since the batch started (to its end once ended); null until known */
            rows_per_second: number | null;
            /** @description always rows_succeeded + rows_failed */
            rows_processed: number;
            rows_succeeded: number;
            /** @description null while the total is not yet known */
            rows_total: number | null;
        };
        BatchResultPage: {
            batch_id: string;
            next_cursor: string | null;
            results: {
                /** @description In a replay: the row's number in the first batch of the chain */
                original_row_number?: number;
                result: {
                    [key: string]: unknown;
                };
                row_number: number;
                source_identifier: string | null;
            }[];
        };
        BatchSource: components["schemas"]["InlineSource"] | components["schemas"]["SignedUrlSource"] | components["schemas"]["S3Source"] | components["schemas"]["SftpSource"];
        BatchSourceView: {
            /** @enum {string} */
            kind: "inline";
            row_count: number;
        } | components["schemas"]["SignedUrlSource"] | components["schemas"]["S3Source"] | components["schemas"]["SftpSource"];
        /** @enum {string} */
        BatchStatus: "accepted" | "running" | "paused" | "succeeded" | "partially_failed" | "failed" | "cancelled";
        CreateBatchRequest: {
            /** @description Validate every row as a real run would and write or send nothing; valid rows' result is {dry_run: true} */
            dry_run?: boolean;
            failure_threshold?: components["schemas"]["FailureThreshold"];
            mapping?: components["schemas"]["Mapping"];
            /**
             * @description Run no faster than this many rows per second on average, across every consumer (chunks of about a second's rows, each sent when its rows are paid for); replays keep it
             * @example 200
             */
            max_rows_per_second?: number;
            operation: components["schemas"]["BatchOperationKind"];
            /** @default {} */
            params?: {
                [key: string]: unknown;
            };
            source: components["schemas"]["BatchSource"];
        };
        CreatedWebhookEndpoint: components["schemas"]["WebhookEndpoint"] & {
            /** @description whsec_ + base64: verify deliveries with it (Standard Webhooks). Shown only in this response. */
            secret: string;
        };
        CreateJobRequest: {
            /**
             * @description A payload equal (as canonical JSON) to one triggered on this job within this many seconds creates no run; 0 turns deduplication off
             * @default 0
             */
            dedup_window_secs?: number;
            name: string;
            operation: components["schemas"]["BatchOperationKind"];
            /** @default {} */
            params?: {
                [key: string]: unknown;
            };
        };
        /**
         * @example {
         *       "name": "Acme orders feed",
         *       "auth": "public_key",
         *       "public_key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... partner@acme"
         *     }
         */
        CreateSftpCredentialsRequest: {
            /** @enum {string} */
            auth: "password" | "public_key";
            name: string;
            /** @description The partner's armored PGP public key: when set, uploads must be signed by it */
            partner_pgp_public_key?: string;
            /** @description With auth public_key: one OpenSSH public key line (ed25519, ECDSA, or RSA ≥ 2048 bits) */
            public_key?: string;
        };
        CreateWebhookBody: {
            /**
             * @example [
             *       "batch.completed"
             *     ]
             */
            events: ("batch.started" | "batch.progress" | "batch.paused" | "batch.resumed" | "batch.completed")[];
            /** @example https://example.com/hooks/bulk */
            url: string;
        };
        Error: {
            error: {
                /** @example validation_failed */
                code: string;
                details?: unknown;
                message: string;
                request_id: string | null;
            };
        };
        /**
         * @description Stop the batch as `failed` (`failure_threshold_exceeded`) once more than max_failed_rows rows failed, or more than max_failed_ratio of them once min_rows (default 1) are counted
         * @example {
         *       "max_failed_ratio": 0.2,
         *       "min_rows": 100
         *     }
         */
        FailureThreshold: {
            max_failed_ratio?: number;
            max_failed_rows?: number;
            min_rows?: number;
        } | null;
        /**
         * @example {
         *       "kind": "inline",
         *       "rows": [
         *         {
         *           "email": "ada@example.com",
         *           "name": "Ada",
         *           "unique_id": "c-1"
         *         }
         *       ]
         *     }
         */
        InlineSource: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "inline";
            rows: unknown[];
        };
        Job: {
            created_at: string;
            created_by: string;
            dedup_window_secs: number;
            /** @example job_8d2... */
            id: string;
            name: string;
            operation: components["schemas"]["BatchOperationKind"];
            params: {
                [key: string]: unknown;
            };
            project_id: string;
        };
        JobList: {
            data: components["schemas"]["Job"][];
            next_cursor: string | null;
        };
        /**
         * @description Source keys renamed before validation (CSV columns, JSON keys); unmapped keys pass unchanged. At most 8,000 bytes of JSON.
         * @example {
         *       "Email Address": "email",
         *       "Full Name": "name"
         *     }
         */
        Mapping: {
            [key: string]: string;
        } | null;
        Project: {
            id: string;
            name: string;
        };
        ReplayRequest: {
            /**
             * @description failed_rows: exactly the rows that failed; all_rows: the whole source again
             * @enum {string}
             */
            only: "failed_rows" | "all_rows";
        };
        RowError: {
            code: string;
            field?: string;
            message: string;
        };
        Run: {
            batch_id: string;
            created_at: string;
            errors: {
                code: string;
                field?: string;
                message: string;
            }[] | null;
            /** @example run_4kq... */
            id: string;
            job_id: string;
            payload: {
                [key: string]: unknown;
            };
            project_id: string;
            result: {
                [key: string]: unknown;
            } | null;
            status: components["schemas"]["RunStatus"];
        };
        RunList: {
            data: components["schemas"]["Run"][];
            next_cursor: string | null;
        };
        /** @enum {string} */
        RunStatus: "queued" | "completed" | "failed" | "cancelled";
        /**
         * @description An S3 object of up to 50 GB. With assume_role_arn, read through STS AssumeRole with ExternalId = your project id.
         * @example {
         *       "kind": "s3",
         *       "bucket": "partner-exports",
         *       "key": "2026/11/orders.csv",
         *       "format": "csv"
         *     }
         */
        S3Source: {
            assume_role_arn?: string;
            bucket: string;
            /** @enum {string} */
            format: "csv" | "jsonl";
            key: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "s3";
        };
        SftpCredentials: {
            /** @enum {string} */
            auth: "password" | "public_key";
            created_at: string;
            host: string;
            /** @example sfc_7d2... */
            id: string;
            name: string;
            partner_pgp_public_key_fingerprint: string | null;
            /** @description Only in the response that created the credentials; never shown again */
            password?: string;
            /** @description Armored PGP public key generated for these credentials: partners encrypt uploads to it */
            pgp_public_key: string;
            port: number;
            /** @example SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s */
            public_key_fingerprint: string | null;
            revoked_at: string | null;
            username: string;
        };
        SftpCredentialsList: {
            data: components["schemas"]["SftpCredentials"][];
            next_cursor: string | null;
        };
        SftpFile: {
            /** @description Why a failed upload failed (decryption, signature, ...) */
            error: string | null;
            path: string;
            sha256: string | null;
            /** @description Plaintext bytes; null when the upload failed */
            size: number | null;
            /** @enum {string} */
            status: "ready" | "failed";
            uploaded_at: string;
        };
        SftpFileList: {
            data: components["schemas"]["SftpFile"][];
            next_cursor: string | null;
        };
        /**
         * @description A file a partner uploaded (PGP-encrypted) over SFTP with these credentials; read once decrypted. A missing or failed file is a 422.
         * @example {
         *       "kind": "sftp",
         *       "credentials_id": "sfc_7d2...",
         *       "path": "orders.csv.pgp",
         *       "format": "csv"
         *     }
         */
        SftpSource: {
            credentials_id: string;
            /** @enum {string} */
            format: "csv" | "jsonl";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "sftp";
            /** @description Relative to the credentials' SFTP root, as the partner uploaded it */
            path: string;
        };
        /**
         * @description A download URL, fetched when the batch starts (https only; POST /v2/uploads hands out one for files you upload here).
         * @example {
         *       "kind": "signed_url",
         *       "url": "https://files.example.com/export.csv?X-Amz-Signature=...",
         *       "format": "csv"
         *     }
         */
        SignedUrlSource: {
            /** @enum {string} */
            format: "csv" | "jsonl";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "signed_url";
            /** Format: uri */
            url: string;
        };
        /** @enum {string} */
        Surface: "partner" | "ipaas" | "batch";
        TriggerBulkRequest: {
            /** @description 1 to 1000 items; each payload at most 1048576 bytes as JSON */
            items: {
                payload: {
                    [key: string]: unknown;
                };
            }[];
        };
        TriggerBulkResponse: {
            batch_operation: components["schemas"]["BatchOperation"];
            runs: components["schemas"]["Run"][];
        };
        Upload: {
            expires_at: string;
            id: string;
            source: components["schemas"]["SignedUrlSource"];
            /** @description Headers to send with the PUT (with R2 presigned URLs: `If-None-Match: *`, which the signature covers) */
            upload_headers: {
                [key: string]: string;
            };
            upload_url: string;
        };
        WebhookDelivery: {
            at: string;
            attempt: number;
            error: string | null;
            event_id: string;
            status_code: number | null;
            /** @enum {string} */
            type: "batch.started" | "batch.progress" | "batch.paused" | "batch.resumed" | "batch.completed";
        };
        WebhookDeliveryList: {
            data: components["schemas"]["WebhookDelivery"][];
            next_cursor: string | null;
        };
        WebhookEndpoint: {
            created_at: string;
            events: ("batch.started" | "batch.progress" | "batch.paused" | "batch.resumed" | "batch.completed")[];
            id: string;
            url: string;
        };
        WebhookEndpointList: {
            data: components["schemas"]["WebhookEndpoint"][];
            next_cursor: string | null;
        };
        WebhookEvent: {
            created_at: string;
            data: {
                batch: components["schemas"]["Batch"];
            };
            /** @description evt_…; also the webhook-id header, the same on every attempt */
            id: string;
            /** @enum {string} */
            type: "batch.started" | "batch.progress" | "batch.paused" | "batch.resumed" | "batch.completed";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
