import type { DescribeTableCommandOutput } from '@aws-sdk/client-dynamodb';
import type { Config } from '../config/load.js';
import { errorMessage, PositionLostError } from '../errors.js';
import type { KafkaClient } from '../kafka/kafka-client.js';
import type { OffsetStore } from '../kafka/offset-store.js';
import type { TablePhase } from '../kafka/offsets-format.js';
import type { Counters } from '../observability/counters.js';
import type { Logger } from '../observability/logger.js';
import type { ScanFn } from './init-sync.js';
import type { StreamsApi } from './stream-sync.js';
import { TablePhases } from './table-phases.js';

export type TaskState = 'UNASSIGNED' | 'RUNNING' | 'DONE' | 'FAILED' | 'STOPPED';

/** The subset of DynamoDB the task uses. */
export interface DynamoDbApi {
  describeTable(table: string): Promise<DescribeTableCommandOutput | undefined>;
  scan: ScanFn;
}

export interface TableTaskDeps {
  config: Config;
  dynamodb: DynamoDbApi;
  streams: StreamsApi;
  kafka: KafkaClient;
  offsets: OffsetStore;
  logger: Logger;
  counters: Counters;
  now?: () => number;
}

/**
 * One table's copy: INIT_SYNC (snapshot), RECONCILE, then SYNC (stream) or DONE, resumable from
 * offsets, with a fresh generation whenever the stream can no longer be followed without loss.
 * This class is the lifecycle (state, failure, the producer); TablePhases runs the steps.
 */
export class TableTask {
  state: TaskState = 'UNASSIGNED';
  phase: TablePhase | null = null;
  failure: string | null = null;
  /** A failure that a restart cannot cure (a lost position with sync.onLostPosition 'fail'). */
  failedForGood = false;
  private readonly log: Logger;

  constructor(
    readonly table: string,
    private readonly deps: TableTaskDeps,
  ) {
    this.log = deps.logger.child({ table });
  }

  /** Resolves when stopped (signal) or failed; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    this.state = 'RUNNING';
    this.log.info('task started');
    const producer = this.deps.kafka.producer();
    try {
      const phases = new TablePhases(this.table, this.deps, producer, signal, this.log, {
        phase: (phase) => {
          if (this.phase !== phase) this.log.info('phase changed', { from: this.phase, to: phase });
          this.phase = phase;
        },
        done: (done) => {
          this.state = done ? 'DONE' : 'RUNNING';
        },
      });
      await phases.runAll();
      this.state = 'STOPPED';
      this.log.info('task stopped');
    } catch (err) {
      // Once stopping, whatever interrupted the run is part of the stop, not a failure.
      if (signal.aborted) {
        this.state = 'STOPPED';
        this.log.info('task stopped', { interrupted: errorMessage(err) });
      } else {
        this.state = 'FAILED';
        this.failure = errorMessage(err);
        this.failedForGood = err instanceof PositionLostError;
        this.deps.counters.add('task_failures_total', { table: this.table });
        this.log.error('task failed', { error: this.failure });
      }
    } finally {
      await producer.close();
    }
  }
}
