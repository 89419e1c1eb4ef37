import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, expect } from 'vitest';
import { configEnvVars } from '../../src/config/reference.js';
import { watchUntil } from './watch-until.js';

/** The built bin, run as a user runs it (build first: `npm run build`, as `npm test` does). */
const MAIN = 'dist/main.js';

/**
 * Environment variables the connector's config schema reads. They override the config file, so a
 * developer's shell (or the env-mode test setup) must not leak them into a test's worker: a test
 * of `kafka.brokers: []` would otherwise silently get brokers from KAFKA_BROKERS.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of configEnvVars()) delete env[key];
  return env;
}

/** One stdout line of the worker: `json` when it parsed as a JSON object, else undefined. */
export interface LogLine {
  raw: string;
  json?: LogEntry;
}

export type LogEntry = { level?: string; message?: string; table?: string } & Record<
  string,
  unknown
>;

export type LogPredicate = (entry: LogEntry) => boolean;

/** Matches a log entry by message and, when given, the fields it must carry. */
export const logged =
  (message: string, fields: Record<string, unknown> = {}): LogPredicate =>
  (entry) =>
    entry.message === message && Object.entries(fields).every(([k, v]) => entry[k] === v);

const running = new Set<WorkerProcess>();

/** `node dist/main.js run --config <file>` as a child process whose logs a test can wait for. */
export class WorkerProcess {
  readonly lines: LogLine[] = [];
  stderr = '';
  /** Resolves with the exit code (null when a signal ended it) once the process has exited. */
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<() => void>();

  constructor(readonly configPath: string) {
    this.child = spawn(process.execPath, [MAIN, 'run', '--config', configPath], {
      cwd: process.cwd(),
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(this);
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (raw) => {
      this.lines.push({ raw, json: parseObject(raw) });
      this.notify();
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code) => {
        this.exitCode = code;
        running.delete(this);
        this.notify();
        resolve(code);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isRunning(): boolean {
    return this.exitCode === undefined;
  }

  /** Every stdout line that parsed as a JSON log entry, in order. */
  get logs(): LogEntry[] {
    return this.lines.flatMap((l) => (l.json ? [l.json] : []));
  }

  /**
   * The first log entry that matches (counting from the start, or from just after the entry
   * `after`); waits for it. Fails on timeout, or when the worker exits first, quoting its last
   * lines so the failure explains itself.
   */
  waitForLog(predicate: LogPredicate, timeoutMs = 60_000, after?: LogEntry): Promise<LogEntry> {
    return watchUntil<LogEntry>(
      this.listeners,
      timeoutMs,
      () => new Error(`no such log in ${timeoutMs} ms\n${this.tail()}`),
      () => {
        const logs = this.logs;
        const found = logs.slice(after ? logs.indexOf(after) + 1 : 0).find(predicate);
        if (found) return { value: found };
        if (!this.isRunning) {
          return { error: new Error(`worker exited (${this.exitCode}) first\n${this.tail()}`) };
        }
        return undefined;
      },
    );
  }

  /** Sends `signal` and waits for the exit; returns the exit code (null if a signal ended it). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 60_000): Promise<number | null> {
    if (!this.isRunning) return this.exitCode ?? null;
    this.child.kill(signal);
    const timeout = new Promise<'timeout'>((r) => setTimeout(r, timeoutMs, 'timeout').unref());
    const outcome = await Promise.race([this.exited, timeout]);
    if (outcome === 'timeout') {
      await this.kill();
      throw new Error(`worker did not exit within ${timeoutMs} ms of ${signal}\n${this.tail()}`);
    }
    return outcome;
  }

  /** A crash: SIGKILL, no chance to flush or write offsets. */
  async kill(): Promise<void> {
    if (!this.isRunning) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** The last lines of stdout and stderr, for failure messages. */
  tail(lines = 30): string {
    const out = this.lines.slice(-lines).map((l) => `  ${l.raw}`);
    const err = this.stderr.trimEnd().split('\n').slice(-lines);
    return [`worker pid ${this.pid} stdout (last ${lines}):`, ...out, 'stderr:', ...err].join('\n');
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function parseObject(raw: string): LogEntry | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as LogEntry)
      : undefined;
  } catch {
    return undefined;
  }
}

export const startWorker = (configPath: string) => new WorkerProcess(configPath);

// A test that failed half-way must not leave a worker behind to write into later tests' servers;
// a failing test's workers show their last logs, which usually say why.
afterEach(async (ctx) => {
  const workers = [...running];
  if (ctx.task.result?.state === 'fail') for (const w of workers) console.log(w.tail());
  await Promise.all(workers.map((w) => w.kill()));
});

// If the test process itself dies, its workers die with it.
process.on('exit', () => {
  for (const w of running) w.kill();
});

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin to completion (`node dist/main.js ...args`), killing it after `timeoutMs`. */
export function runCli(args: string[], timeoutMs = 150_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: process.cwd(),
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: no exit in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `verify`, against a global table's replica in `region` when given. */
export const runVerify = (configPath: string, table: string, region?: string) =>
  runCli([
    'verify',
    '--config',
    configPath,
    '--table',
    table,
    ...(region ? ['--region', region] : []),
  ]);

export interface VerifyCounts {
  matching: number;
  missing: number;
  extra: number;
  differing: number;
}

/** The counts of the `verify <table>: matching N, missing N, extra N, differing N` line. */
export function verifyCounts(stdout: string, table: string): VerifyCounts | undefined {
  const escaped = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(
    `^verify ${escaped}: matching (\\d+), missing (\\d+), extra (\\d+), differing (\\d+)`,
    'm',
  ).exec(stdout);
  if (!m) return undefined;
  const [matching, missing, extra, differing] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
  ];
  return { matching, missing, extra, differing };
}

/** Runs `verify` and expects the topic's state to equal the table's: exit 0, nothing differs. */
export async function expectVerified(
  configPath: string,
  table: string,
  region?: string,
): Promise<VerifyCounts> {
  const out = await runVerify(configPath, table, region);
  const counts = verifyCounts(out.stdout, table);
  const context = `verify exited ${out.code}\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`;
  expect(counts, context).toMatchObject({ missing: 0, extra: 0, differing: 0 });
  expect(out.code, context).toBe(0);
  return counts as VerifyCounts;
}
