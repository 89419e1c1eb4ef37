/**
 * The end of every demo run, however it came: connector first (SIGTERM, wait), then the consumer;
 * the stack stays up, and the demo says so.
 */
import type { ChildProcess } from 'node:child_process';
import type { ConnectorProcess } from './connector-process.js';
import { colors, info } from './console.js';
import type { DemoTable } from './demo-table.js';
import type { Viewer } from './topic-viewer.js';
import { within } from './wait.js';

const { bold, red, yellow } = colors;

/** What a run has started so far, and how it is going: shared by the steps and the shutdown. */
export interface RunState {
  /** Set when the shutdown begins; the main flow then ends at its next step. */
  stopping: boolean;
  failed: boolean;
  stackReady: boolean;
  table?: DemoTable;
  connector?: ConnectorProcess;
  viewer?: Viewer;
  verifyChild?: ChildProcess;
}

/**
 * Returns the run's shutdown: it exits with `code`, or 1 if anything failed on the way; a
 * `reason` marks the run failed. Only the first call stops things; later ones wait with it.
 */
export function createShutdown(run: RunState): (code: number, reason?: string) => Promise<never> {
  let shuttingDown: Promise<never> | undefined;
  return (code, reason) => {
    if (reason) {
      console.log(`\n${red(`✗ ${reason}`)}`);
      run.failed = true;
    }
    shuttingDown ??= (async (): Promise<never> => {
      run.stopping = true;
      let exitCode = code === 0 && run.failed ? 1 : code;
      run.verifyChild?.kill('SIGTERM');
      if (run.connector && !(await run.connector.stop())) exitCode = 1;
      if (run.viewer) {
        await within('stopping the topic reader', run.viewer.stop(), 15_000).catch((err) => {
          info(yellow(`topic reader: ${(err as Error).message}`));
        });
      }
      console.log('');
      if (run.stackReady) {
        info('The local stack is left running, so the next demo or test run starts fast.');
        if (run.table?.created) {
          info(`Table ${run.table.name} and its topic stay in it until you stop it with:`);
        } else info('Stop it with:');
      } else {
        info('The local stack may be partly started: `scripts/stack status` shows what runs.');
        info('Stop it with:');
      }
      info(bold('  scripts/stack down'));
      console.log('');
      process.exit(exitCode);
    })();
    return shuttingDown;
  };
}
