import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { configEnvVars } from '../src/config/reference.js';
import { watchUntil } from '../test/support/watch-until.js';
import { ProcSampler } from './proc-stats.js';

/** One JSON log line of the worker, with the wall time the bench read it. */
export type LogEntry = { message?: string; timestamp?: string } & Record<string, unknown>;

/** Every worker still running: killed if the bench itself exits early. */
export const liveWorkers = new Set<WorkerProcess>();
process.on('exit', () => {
  for (const w of liveWorkers) w.kill();
});

/**
 * `node dist/main.js run --config <file>` (or another build's main), as a user runs it, with its logs parsed and its
 * process sampled (CPU, RSS) from the moment it is spawned.
 */
export class WorkerProcess {
  readonly logs: LogEntry[] = [];
  readonly spawnedAt = Date.now();
  readonly sampler: ProcSampler;
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private stderr = '';
  private running = true;
  private readonly listeners = new Set<() => void>();

  constructor(main: string, configPath: string, nodeArgs: string[] = []) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    // The worker's env overrides its config file: a developer's shell must not redirect it.
    for (const key of configEnvVars()) delete env[key];
    this.child = spawn(process.execPath, [...nodeArgs, main, 'run', '--config', configPath], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.sampler = new ProcSampler(this.child.pid as number);
    liveWorkers.add(this);
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (raw) => {
      try {
        const entry = JSON.parse(raw) as LogEntry;
        if (entry && typeof entry === 'object') this.logs.push(entry);
      } catch {
        // Not a log line (a library printing on its own): nothing the bench waits for.
      }
      this.notify();
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000);
    });
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code) => {
        this.running = false;
        this.sampler.stop();
        liveWorkers.delete(this);
        this.notify();
        resolve(code);
      });
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /**
   * The first log entry with this message (and these fields), waiting for it. A failed task
   * fails the wait at once: the supervisor would restart it, but the figures would be void.
   */
  waitForLog(
    message: string,
    timeoutMs: number,
    fields: Record<string, unknown> = {},
  ): Promise<LogEntry> {
    const matches = (e: LogEntry) =>
      e.message === message && Object.entries(fields).every(([k, v]) => e[k] === v);
    return watchUntil<LogEntry>(
      this.listeners,
      timeoutMs,
      () => this.failure(`no '${message}' in ${timeoutMs} ms`),
      () => {
        const found = this.logs.find(matches);
        const failed = this.logs.find((e) => e.message === 'task failed');
        if (found) return { value: found };
        if (failed) return { error: this.failure(`task failed: ${String(failed.error)}`) };
        if (!this.running) return { error: this.failure(`exited before '${message}'`) };
        return undefined;
      },
    );
  }

  /** Fails fast when the worker reports a failed task: a bench would otherwise wait for ever. */
  checkHealthy(): void {
    const failed = this.logs.find((e) => e.message === 'task failed');
    if (failed) throw this.failure(`task failed: ${String(failed.error)}`);
    if (!this.running) throw this.failure('worker exited');
  }

  /** SIGTERM, then the counters of its 'worker stopped' line. */
  async stop(timeoutMs = 60_000): Promise<Record<string, unknown>> {
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
      await this.exited;
      clearTimeout(timer);
    }
    const stopped = this.logs.find((e) => e.message === 'worker stopped');
    return (stopped?.counters as Record<string, unknown>) ?? {};
  }

  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }

  private failure(what: string): Error {
    const tail = this.logs
      .slice(-15)
      .map((e) => `  ${JSON.stringify(e)}`)
      .join('\n');
    return new Error(`worker ${this.pid}: ${what}\n${tail}\nstderr:\n${this.stderr}`);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** The wall time (ms) a log entry was written, from winston's ISO timestamp. */
export const loggedAt = (e: LogEntry): number => Date.parse(String(e.timestamp));
