import type { TablePhase } from '../kafka/offsets-format.js';
import type { TaskState } from '../task/table-task.js';

/** One table's task as the status shows it. */
export interface TableView {
  table: string;
  state: TaskState;
  phase: TablePhase | null;
  generation: number | null;
  /** The last failure, while the task is FAILED or restarting after one. */
  error: string | null;
}

/** The worker's state at one moment, for the REST status and health endpoints. */
export interface WorkerView {
  connector: string;
  kafkaClusterId: string | null;
  /** The offsets topic was read to its end: tasks can start. */
  offsetsRead: boolean;
  discoveryRan: boolean;
  tables: TableView[];
  /** Tables discovery found but does not copy, and why. */
  ineligible: { table: string; reason: string }[];
}
