/** A table task's own state (Kafka Connect's, plus DONE for `initSync.mode: initial_only`). */
export type TaskState = 'UNASSIGNED' | 'RUNNING' | 'DONE' | 'FAILED' | 'STOPPED';
