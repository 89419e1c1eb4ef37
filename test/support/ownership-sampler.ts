import { setTimeout as sleep } from 'node:timers/promises';
import { workerApi } from './worker-api.js';

/** What one worker's status said at one sample. */
export interface WorkerSample {
  tables: string[];
  running: string[];
  assignment: { generation: number; tables: string[] } | null;
}

export interface Sample {
  atMs: number;
  byWorker: Map<string, WorkerSample>;
}

interface StatusBody {
  connector: { worker_id: string };
  tasks: { table: string; state: string; worker_id: string }[];
  assignment?: { generation: number; tables: string[] };
}

/**
 * Asks every live worker's REST status for its tasks every `everyMs`, all at once, and keeps
 * what each listed; a task still listed as STOPPED (a worker shutting down) is no longer run.
 * Notes every sample at which two workers listed one table, and any task whose worker_id is
 * not its worker's.
 */
export class OwnershipSampler {
  readonly samples: Sample[] = [];
  readonly overlaps: string[] = [];
  readonly wrongIds: string[] = [];
  private readonly ports = new Map<string, number>();
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly connector: string,
    everyMs = 500,
  ) {
    this.loop = (async () => {
      while (!this.stopped) {
        await this.sample();
        await sleep(everyMs);
      }
    })();
  }

  watch(worker: string, port: number): void {
    this.ports.set(worker, port);
  }

  forget(worker: string): void {
    this.ports.delete(worker);
  }

  /** The first sample (from now on) that `ok` accepts; throws after `timeoutMs`. */
  async until(ok: (s: Sample) => boolean, timeoutMs: number): Promise<Sample> {
    const from = this.samples.length;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.samples.slice(from).find(ok);
      if (found) return found;
      if (Date.now() > deadline) {
        const last = this.samples.at(-1);
        const seen = last && [...last.byWorker].map(([w, s]) => `${w}: ${s.running.join(',')}`);
        throw new Error(`no such sample in ${timeoutMs} ms; last: ${seen?.join(' | ')}`);
      }
      await sleep(100);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async sample(): Promise<void> {
    const atMs = Date.now();
    const byWorker = new Map<string, WorkerSample>();
    await Promise.all(
      [...this.ports].map(async ([worker, port]) => {
        try {
          const reply = await workerApi(port).get(`/connectors/${this.connector}/status`);
          const body = reply.body as StatusBody;
          const live = body.tasks.filter((t) => t.state !== 'STOPPED');
          for (const t of body.tasks)
            if (t.worker_id !== body.connector.worker_id)
              this.wrongIds.push(`${t.table} on ${worker}: ${t.worker_id}`);
          byWorker.set(worker, {
            tables: live.map((t) => t.table),
            running: live.filter((t) => t.state === 'RUNNING').map((t) => t.table),
            assignment: body.assignment ?? null,
          });
        } catch {
          // Gone or going (killed, stopping): it runs nothing any more.
        }
      }),
    );
    const owners = new Map<string, string[]>();
    for (const [worker, s] of byWorker)
      for (const t of s.tables) owners.set(t, [...(owners.get(t) ?? []), worker]);
    for (const [table, ws] of owners)
      if (ws.length > 1)
        this.overlaps.push(`${new Date(atMs).toISOString()} ${table}: ${ws.join(', ')}`);
    this.samples.push({ atMs, byWorker });
  }
}

/**
 * Settled: every table RUNNING on exactly one of `workers`, nothing on any other, each of
 * them with a fair share (counts differ by at most one), and each one's task list its
 * assignment.
 */
export const settled =
  (tables: readonly string[], workers: readonly string[]) =>
  (s: Sample): boolean => {
    const counts: number[] = [];
    const owner = new Map<string, number>();
    for (const [worker, w] of s.byWorker) {
      if (!workers.includes(worker)) {
        if (w.tables.length > 0) return false;
        continue;
      }
      const assigned = [...(w.assignment?.tables ?? [])].sort().join();
      if (assigned !== [...w.tables].sort().join() || w.running.length !== w.tables.length)
        return false;
      counts.push(w.tables.length);
      for (const t of w.running) owner.set(t, (owner.get(t) ?? 0) + 1);
    }
    if (counts.length !== workers.length) return false;
    if (Math.max(...counts) - Math.min(...counts) > 1) return false;
    return tables.every((t) => owner.get(t) === 1) && owner.size === tables.length;
  };
