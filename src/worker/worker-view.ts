import type { TablePhase } from '../kafka/offsets-format.js';
import type { Stall } from '../task/stall-decision.js';
import type { ProgressView } from '../task/task-progress.js';
import type { TaskState } from '../task/task-state.js';

/** A task's state as the status shows it: Kafka Connect's, plus STALLED (stall-decision.ts). */
export type TaskStatusState = TaskState | 'PAUSED' | 'STALLED';

/** One table's task as the status shows it. */
export interface TableView {
  table: string;
  state: TaskStatusState;
  phase: TablePhase | null;
  /** The region whose replica the task reads (global tables move it; else aws.region). */
  region: string | null;
  generation: number | null;
  /** The last failure, while the task is FAILED or restarting after one. */
  error: string | null;
  progress: ProgressView;
  stall: Stall | null;
}

/**
 * Whether this worker runs its connector: workers of one name meet in a consumer group;
 * standalone, only one, the owner, copies tables (README: Two workers, one name); distributed,
 * every member copies the tables the group gave it (README: Several workers).
 */
export interface OwnershipView {
  groupId: string;
  /**
   * JOINING: not (or no longer) a member; STANDBY: another worker owns the connector; MEMBER
   * (distributed): runs the tables of its assignment.
   */
  state: 'JOINING' | 'OWNER' | 'STANDBY' | 'MEMBER';
  owner: { workerId: string; rest: string | null; startedAt: number } | null;
  /** STANDBY: why this worker copies nothing; JOINING: the last fault, if any. */
  reason: string | null;
}

/** Distributed mode: the tables the group's last generation gave this worker. */
export interface AssignmentView {
  generation: number;
  tables: string[];
}

/** The worker's state at one moment, for the REST status, health and metrics endpoints. */
export interface WorkerView {
  connector: string;
  nowMs: number;
  /** Paused by an operator: no task reads until resumed. */
  paused: boolean;
  kafkaClusterId: string | null;
  ownership: OwnershipView;
  /** null in standalone mode, or while not a member. */
  assignment: AssignmentView | null;
  /** The offsets topic was read to its end: tasks can start. */
  offsetsRead: boolean;
  discoveryRan: boolean;
  tables: TableView[];
  /** Tables discovery found but does not copy, and why. */
  ineligible: { table: string; reason: string }[];
}

/** What an operator can ask of the worker (REST, with http.allowWrites). */
export interface WorkerControl {
  pause(): void;
  resume(): void;
  /** Stops the table's task and starts it again at once; false when there is no such task. */
  restart(table: string): boolean;
}
