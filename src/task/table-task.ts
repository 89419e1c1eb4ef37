import { errorMessage, PositionLostError } from '../errors.js';
import { KafkaError } from '../kafka/kafka-failure.js';
import type { TablePhase } from '../kafka/offsets-format.js';
import { transactionalId } from '../kafka/record-producer.js';
import type { Logger } from '../observability/logger.js';
import { TablePhases } from './table-phases.js';
import type { TableTaskDeps } from './task-deps.js';
import { TaskProgress } from './task-progress.js';
import type { TaskState } from './task-state.js';

/**
 * One table's copy: INIT_SYNC (snapshot), RECONCILE, then SYNC (stream) or DONE, resumable from
 * offsets, with a fresh generation whenever the stream can no longer be followed without loss.
 * This class is the lifecycle (state, failure, the producer); TablePhases runs the steps.
 */
export class TableTask {
  state: TaskState = 'UNASSIGNED';
  phase: TablePhase | null = null;
  region: string | null = null;
  failure: string | null = null;
  /** A failure that a restart cannot cure (a lost position with sync.onLostPosition 'fail'). */
  failedForGood = false;
  readonly progress: TaskProgress;
  private readonly log: Logger;

  constructor(
    readonly table: string,
    private readonly deps: TableTaskDeps,
  ) {
    this.log = deps.logger.child({ table });
    this.progress = new TaskProgress(deps.now ?? Date.now);
  }

  /** Resolves when stopped (signal) or failed; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    this.state = 'RUNNING';
    this.log.info('task started');
    const { config, kafka, offsets } = this.deps;
    const producer = kafka.producer(
      config.delivery.guarantee === 'exactly_once'
        ? {
            id: transactionalId(config.name, this.table),
            timeoutMs: config.delivery.transactionTimeoutMs,
          }
        : undefined,
    );
    try {
      if (producer.transactional) {
        // Own the table first: whatever a previous writer left open is aborted and it is
        // fenced; only then are the table's offsets what was committed, and read again.
        await producer.fence();
        await offsets.reloadTables(kafka, [this.table]);
        this.log.info('took over the transactional id', {
          transactionalId: producer.transactional.id,
        });
      }
      const phases = new TablePhases(
        this.table,
        this.deps,
        producer,
        signal,
        this.log,
        this.progress,
        {
          phase: (phase) => {
            if (this.phase !== phase)
              this.log.info('phase changed', { from: this.phase, to: phase });
            this.phase = phase;
            if (phase === 'RECONCILE' || phase === 'DONE') this.progress.idle();
          },
          done: (done) => {
            this.state = done ? 'DONE' : 'RUNNING';
          },
          region: (region) => {
            this.region = region;
          },
        },
      );
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
        const fenced = err instanceof KafkaError && err.kind === 'fenced';
        // Fenced: another worker writes this table now; this one must never write it again.
        this.failedForGood = err instanceof PositionLostError || fenced;
        this.deps.metrics.taskFailure(this.table);
        this.log.error(fenced ? 'task fenced' : 'task failed', { error: this.failure });
      }
    } finally {
      this.progress.idle();
      await producer.close();
    }
  }
}
