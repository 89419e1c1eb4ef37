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

/** Tasks that run until stopped, counting their runs. */
function runningTasks() {
  let runs = 0;
  const make = () => {
    runs++;
    const task = {
      state: 'UNASSIGNED',
      failure: null,
      failedForGood: false,
      run: async (signal: AbortSignal) => {
        task.state = 'RUNNING';
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        task.state = 'STOPPED';
      },
    };
    return task as unknown as TableTask;
  };
  return { make, runs: () => runs };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('SupervisedTask', () => {
  it.each([
    { name: 'a task that stops is not restarted', outcomes: ['stopped'], runs: 1, restarts: 0 },
    {
      name: 'a failing task is restarted until it runs',
      outcomes: ['failed', 'failed', 'stopped'],
      runs: 3,
      restarts: 2,
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
    expect(supervised.current?.state).toBe('STOPPED');
  });

  it('a task that failed for good stays failed until an operator restarts it', async () => {
    const { entries, logger } = capturingLogger();
    const t = tasks(['failed', 'failed for good', 'stopped']);
    const supervised = new SupervisedTask(
      'orders',
      t.make,
      { initialMs: 1, maxMs: 2 },
      logger,
      new AbortController().signal,
    );
    await until(() => entries.some((e) => e.message === 'task not restarted'));
    await new Promise((r) => setTimeout(r, 50));
    expect(t.runs()).toBe(2);
    expect(supervised.current?.state).toBe('FAILED');
    supervised.restart();
    await supervised.done;
    expect(t.runs()).toBe(3);
    expect(supervised.current?.state).toBe('STOPPED');
  });

  it('pause stops the run and starts none until resumed; restart starts a new run at once', async () => {
    const { logger } = capturingLogger();
    const t = runningTasks();
    const worker = new AbortController();
    const supervised = new SupervisedTask(
      'orders',
      t.make,
      { initialMs: 1, maxMs: 2 },
      logger,
      worker.signal,
    );
    await until(() => supervised.current?.state === 'RUNNING');
    supervised.pause();
    expect(supervised.paused).toBe(true);
    await until(() => supervised.current?.state === 'STOPPED');
    await new Promise((r) => setTimeout(r, 50));
    expect(t.runs()).toBe(1);
    supervised.resume();
    await until(() => t.runs() === 2 && supervised.current?.state === 'RUNNING');
    supervised.restart();
    await until(() => t.runs() === 3 && supervised.current?.state === 'RUNNING');
    worker.abort();
    await supervised.done;
    expect(t.runs()).toBe(3);
  });

  it('a task made while paused waits for resume', async () => {
    const { logger } = capturingLogger();
    const t = runningTasks();
    const supervised = new SupervisedTask(
      'orders',
      t.make,
      { initialMs: 1, maxMs: 2 },
      logger,
      new AbortController().signal,
      true,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(t.runs()).toBe(0);
    supervised.resume();
    await until(() => t.runs() === 1);
    await supervised.stop();
  });
});
