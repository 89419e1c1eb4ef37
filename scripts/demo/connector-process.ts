/**
 * The connector as a child process (`node dist/main.js run`): started in its own process group,
 * its log lines shown (filtered by connector-log), stopped gracefully and its exit explained.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { configEnvVars } from '../../src/config/reference.js';
import { connectorLogLine } from './connector-log.js';
import { colors, info, say, tag } from './console.js';
import { CONNECTOR_STOP_MS } from './settings.js';
import { within } from './wait.js';

const { dim, red } = colors;

const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const MAIN = join(REPO, 'dist', 'main.js');

/** Runs the built CLI with the given arguments, its output piped to `onStdout` and `onStderr`. */
export function spawnCli(
  args: string[],
  onStdout: (line: string) => void,
  onStderr: (line: string) => void,
  detached = false,
): ChildProcess {
  const env = { ...process.env };
  for (const name of configEnvVars()) delete env[name];
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', onStdout);
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', onStderr);
  return child;
}

export class ConnectorProcess {
  /** Set once the process has ended (or could not start). */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** The task's current phase, from its logs. */
  phase: string | undefined;
  /** The status page's address, once the connector's HTTP server listens. */
  statusPage: string | undefined;
  readonly closed: Promise<void>;
  private readonly child: ChildProcess;
  /** True once the demo asked the connector to stop; any exit before that is unexpected. */
  private stopSent = false;
  /** The last lines, to explain an unexpected exit. */
  private readonly tail: string[] = [];

  constructor(configPath: string) {
    const show = (text: string) => console.log(`${tag('connector')} ${text}`);
    // Its own process group: a Ctrl-C in the terminal reaches only the demo, which then sends the
    // connector exactly one SIGTERM (a second signal would make the connector exit at once).
    this.child = spawnCli(
      ['run', '--config', configPath],
      (raw) => {
        this.remember(raw);
        const { text, phase, statusPage } = connectorLogLine(raw, colors);
        if (phase !== undefined) this.phase = phase;
        if (statusPage !== undefined) this.statusPage = statusPage;
        if (text !== undefined) show(text);
      },
      (raw) => {
        this.remember(raw);
        show(red(raw));
      },
      true,
    );
    this.closed = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.exit = { code, signal };
        if (!this.stopSent) show(red(`exited unexpectedly (${signal ?? `exit code ${code}`})`));
        resolve();
      });
    });
    this.child.on('error', (err) => {
      show(red(`could not start: ${err.message}`));
      this.exit ??= { code: null, signal: null };
    });
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** Ends it at once: a second Ctrl-C, or the demo itself exiting. */
  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }

  /** SIGTERM, then waits for it to finish; true when it stopped cleanly. */
  async stop(): Promise<boolean> {
    let ok = true;
    if (this.running) {
      say('Stopping the connector (SIGTERM): it finishes its in-flight batch and saves offsets…');
      this.stopSent = true;
      this.child.kill('SIGTERM');
      try {
        await within('the connector to exit', this.closed, CONNECTOR_STOP_MS);
      } catch {
        console.log(
          red(`  the connector did not exit in ${CONNECTOR_STOP_MS / 1000} s: killing it`),
        );
        this.child.kill('SIGKILL');
        await within('the killed connector to exit', this.closed, 10_000).catch(() => undefined);
        ok = false;
      }
    }
    if (this.exit === undefined) return ok;
    const how = this.exit.signal ?? `exit code ${this.exit.code}`;
    if (this.exit.code === 0) {
      info(`connector stopped (${how})`);
    } else if (this.stopSent && this.exit.signal === 'SIGTERM') {
      // Killed by the signal itself: it had not yet set up its handlers, so nothing had started.
      info('connector stopped before it had started (SIGTERM)');
    } else {
      info(red(`connector ended with ${how}`));
      if (!this.stopSent && this.tail.length > 0) {
        info(dim(`its last output:\n    ${this.tail.join('\n    ')}`));
      }
      return false;
    }
    return ok;
  }

  private remember(raw: string): void {
    this.tail.push(raw);
    if (this.tail.length > 10) this.tail.shift();
  }
}
