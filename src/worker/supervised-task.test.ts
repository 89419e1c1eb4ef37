import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import winston from 'winston';
import type { TableTask } from '../task/table-task.js';
import { SupervisedTask } from './supervised-task.js';

function capturingLogger() {
  const entries: { message?: string }[] = [];
  const stream = new Writable({
    objectMode: true,
    write(info, _encoding, done) {
      entries.push(info);
      done();
    },
  });
  const logger = winston.createLogger({ transports: [new winston.transports.Stream({ stream })] });
  return { entries, logger };
}

type Outcome = 'failed' | 'failed for good' | 'stopped';

/** Tasks that end as `outcomes` says, one per run (the last one repeats). */
function tasks(outcomes: Outcome[]) {
  let runs = 0;
  const make = () => {
    const outcome = outcomes[Math.min(runs, outcomes.length - 1)] as Outcome;
    runs++;
    const task = {
      state: 'UNASSIGNED',
      failure: null as string | null,
      failedForGood: false,
      run: async () => {
        task.state = outcome === 'stopped' ? 'STOPPED' : 'FAILED';
        task.failure = outcome === 'stopped' ? null : `boom ${runs}`;
        task.failedForGood = outcome === 'failed for good';
      },
    };
    return task as unknown as TableTask;
  };
  return { make, runs: () => runs };
}

describe('SupervisedTask', () => {
  it.each([
    { name: 'a task that stops is not restarted', outcomes: ['stopped'], runs: 1, restarts: 0 },
    {
      name: 'a failing task is restarted until it runs',
      outcomes: ['failed', 'failed', 'stopped'],
      runs: 3,
      restarts: 2,
    },
    {
      name: 'a task that failed for good stays failed',
      outcomes: ['failed', 'failed for good', 'stopped'],
      runs: 2,
      restarts: 1,
    },
  ] as const)('$name', async ({ outcomes, runs, restarts }) => {
    const { entries, logger } = capturingLogger();
    const t = tasks([...outcomes]);
    const supervised = new SupervisedTask(
      'orders',
      t.make,
      { initialMs: 1, maxMs: 2 },
      logger,
      new AbortController().signal,
    );
    await supervised.done;
    expect(t.runs()).toBe(runs);
    expect(entries.filter((e) => e.message === 'task restarted')).toHaveLength(restarts);
    const notRestarted = entries.filter((e) => e.message === 'task not restarted');
    expect(notRestarted).toHaveLength(outcomes[runs - 1] === 'failed for good' ? 1 : 0);
    expect(supervised.current?.state).toBe(outcomes[runs - 1] === 'stopped' ? 'STOPPED' : 'FAILED');
  });
});
