import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { configEnvVars } from '../../src/config/reference.js';
import { type Item as DynamoItem, itemJson } from '../../src/dynamodb/attribute-json.js';
import { createLogger } from '../../src/observability/logger.js';
import { parse, stringify } from '../../src/records/exact-json.js';
import { kafka } from '../support/clients.js';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { BIG_NUMBER } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { waitForTopicQuiet } from '../support/pipeline-topic.js';
import { seededRandom } from '../support/seeded-random.js';
import {
  createTable,
  deleteItem,
  type Item,
  putItem,
  scanAll,
  updateItem,
} from '../support/tables.js';
import { type LogEntry, logged, runCli, startWorker } from '../support/worker-process.js';

const VERSION = '_replicate_offset';
const KEYS = 60;
const OPS = 500;

type Log = LogEntry & Record<string, unknown>;

/** `node dist/main.js replicate ...` as a child process whose JSON logs a test can wait for. */
class ReplicateProcess {
  readonly logs: Log[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private done = false;

  constructor(args: string[]) {
    const env = { ...process.env };
    for (const key of configEnvVars()) delete env[key];
    this.child = spawn(process.execPath, ['dist/main.js', 'replicate', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(this);
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        this.logs.push(JSON.parse(line) as Log);
      } catch {
        this.logs.push({ message: line });
      }
    });
    this.child.stderr?.on('data', (c: Buffer) => {
      this.stderr += c.toString('utf8');
    });
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code) => {
        this.done = true;
        live.delete(this);
        resolve(code);
      }),
    );
  }

  async waitFor(predicate: (l: Log) => boolean, timeoutMs = 90_000, from = 0): Promise<Log> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.slice(from).find(predicate);
      if (found) return found;
      if (this.done) throw new Error(`replicate exited first\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`no such log in ${timeoutMs} ms\n${this.tail()}`);
      await sleep(100);
    }
  }

  async stop(signal: NodeJS.Signals): Promise<number | null> {
    if (!this.done) this.child.kill(signal);
    return this.exited;
  }

  tail(): string {
    return [...this.logs.slice(-15).map((l) => JSON.stringify(l)), this.stderr].join('\n');
  }
}

const live = new Set<ReplicateProcess>();
afterEach(async () => {
  await Promise.all([...live].map((p) => p.stop('SIGKILL')));
});

/** An item as comparable text: the type mapping's JSON, keys sorted, the version left out. */
function canonical(item: Item): string {
  const { [VERSION]: _, ...rest } = item;
  return stringify(parse(itemJson(rest as DynamoItem)), true);
}

const keyOf = (item: Item) => `${item.pk?.S}/${item.sk?.N}`;

async function tableState(table: string): Promise<Map<string, string>> {
  return new Map((await scanAll(table)).map((item) => [keyOf(item), canonical(item)]));
}

async function versions(table: string): Promise<Map<string, string>> {
  return new Map((await scanAll(table)).map((item) => [keyOf(item), item[VERSION]?.N ?? '']));
}

/** Waits until the target holds exactly the source's items; returns how many. */
async function waitForEqual(source: string, target: string, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let diff = '';
  for (;;) {
    const [want, got] = await Promise.all([tableState(source), tableState(target)]);
    const wrong = [...new Set([...want.keys(), ...got.keys()])].filter(
      (k) => want.get(k) !== got.get(k),
    );
    if (wrong.length === 0) return want.size;
    diff = `${wrong.length} keys differ, e.g. ${wrong[0]}: source ${want.get(wrong[0] as string)} target ${got.get(wrong[0] as string)}`;
    if (Date.now() > deadline) throw new Error(`target never equal to source: ${diff}`);
    await sleep(1000);
  }
}

/** Seeded puts, updates and deletes on 60 keys, awaited one by one; some values need 38 digits. */
async function workload(table: string, seed: number, ops: number): Promise<void> {
  const random = seededRandom(seed);
  for (let i = 0; i < ops; i += 1) {
    const k = Math.floor(random() * KEYS);
    const key: Item = { pk: { S: `key-${k % 7}` }, sk: { N: String(k) } };
    const dice = random();
    if (dice < 0.45)
      await putItem(table, {
        ...key,
        n: { N: String(i) },
        big: { N: `${BIG_NUMBER.slice(0, 30)}${String(i).padStart(8, '0')}` },
        map: { M: { l: { L: [{ S: `v${i}` }, { BOOL: i % 2 === 0 }, { NULL: true }] } } },
        ss: { SS: ['a', `b${i % 3}`] },
      });
    else if (dice < 0.8)
      await updateItem(table, key, { n: { N: `-${i}.5` }, touched: { BOOL: true } });
    else await deleteItem(table, key);
  }
}

/** Commits offset 0 for every partition of the topic in the group: a replay of everything. */
async function rewindGroup(groupId: string, topic: string): Promise<number[]> {
  const consumer = kafka('test-rewind').groupConsumer(
    {
      groupId,
      topic,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1000,
      maxWaitMs: 100,
      maxFetchBytes: 1 << 20,
    },
    createLogger({ level: 'error', format: 'json', connector: 'test-rewind' }),
  );
  try {
    await consumer.join();
    const partitions = consumer.assigned();
    const { generation } = await consumer.poll();
    await consumer.commit({ next: new Map(partitions.map((p) => [p, 0n])), generation });
    return partitions;
  } finally {
    await consumer.close();
  }
}

const stat = (l: Log, name: string) => Number(l[name]);

describe('replicate: a table topic applied to another table', () => {
  it('makes the target equal to the source through a SIGKILL and a restart, and --check agrees', {
    timeout: 420_000,
  }, async () => {
    const source = uniqueName('repl-src');
    const target = uniqueName('repl-dst');
    const keys = {
      hashKey: { name: 'pk', type: 'S' as const },
      rangeKey: { name: 'sk', type: 'N' as const },
    };
    await createTable({ name: source, ...keys, streamViewType: 'NEW_AND_OLD_IMAGES' });
    await createTable({ name: target, ...keys });
    await workload(source, 7, 40);

    const config = writeConnectorConfig({
      tables: { whitelist: [source] },
      kafka: { topicPartitions: 3 },
      // Slow enough to be killed while applying; progress often, so a test sees it.
      replicate: { maxWritesPerSecond: 10, concurrency: 4, progressIntervalMs: 500, httpPort: 0 },
    });
    const worker = startWorker(config);
    await worker.waitForLog(logged('phase changed', { table: source, to: 'SYNC' }), 120_000);
    const args = ['--config', config, '--table', source, '--to', target];

    // Killed while records are still to apply, so the restart has work to resume. A progress
    // line comes after a batch is applied and committed, with lag = end offsets − committed;
    // a batch folds each key's records into one write, so replicate can catch up with the
    // writes for a while, and a line with no lag is no reason to fail, only not yet the moment.
    // A backlog first (the first batch then takes seconds at 10 writes/s while the source goes
    // on changing), and the kill at the first line that shows applied writes and lag.
    await workload(source, 20260311, OPS / 2);
    const backlog = await waitForTopicQuiet(topicFor(source), { quietMs: 3000, timeoutMs: 60_000 });
    console.log(`replicate: ${backlog} records in the topic before the first start`);
    expect(backlog).toBeGreaterThan(200);
    const changes = workload(source, 20260312, OPS / 2);
    const first = new ReplicateProcess(args);
    const applying = await first.waitFor(
      (l) =>
        l.message === 'replicate progress' && stat(l, 'applied') > 0 && stat(l, 'lagTotal') > 0,
    );
    console.log(`replicate: SIGKILL with ${stat(applying, 'lagTotal')} records still to apply`);
    await first.stop('SIGKILL');
    await changes;
    await waitForTopicQuiet(topicFor(source), { quietMs: 4000, timeoutMs: 150_000 });

    const second = new ReplicateProcess(args);
    const items = await waitForEqual(source, target);
    expect(items).toBeGreaterThan(10);
    const started = await second.waitFor((l) => l.message === 'partitions assigned');
    // It resumed from what the first one committed, not from the start.
    expect(Object.values(started.from as Record<string, string>).some((o) => BigInt(o) > 0n)).toBe(
      true,
    );

    const check = await runCli(['replicate', ...args, '--check']);
    expect(check.stdout, check.stderr).toMatch(/missing 0, extra 0, differing 0/);
    expect(check.code).toBe(0);

    expect(await second.stop('SIGTERM'), second.tail()).toBe(0);
    const stopped = await second.waitFor((l) => l.message === 'replicate stopped');
    expect(stat(stopped, 'lagTotal')).toBe(0);

    // A replay of the whole topic (the group's offsets rewound to 0) changes nothing.
    const name = (JSON.parse(readFileSync(config, 'utf8')) as { name: string }).name;
    const groupId = `${name}-replicate-${source}-to-${target}`;
    const before = await versions(target);
    expect((await rewindGroup(groupId, topicFor(source))).length).toBe(3);
    const replay = new ReplicateProcess(args);
    const listening = await replay.waitFor((l) => l.message === 'http listening');
    const assigned = await replay.waitFor((l) => l.message === 'partitions assigned');
    expect(Object.values(assigned.from as Record<string, string>)).toEqual(['0', '0', '0']);
    await replay.waitFor((l) => l.message === 'replicate caught up');
    const metrics = await (await fetch(`http://127.0.0.1:${listening.port}/metrics`)).text();
    const staleMetric = /replicate_records_skipped_stale_total\{[^}]*\} (\d+)/.exec(metrics);
    expect(Number(staleMetric?.[1])).toBeGreaterThan(0);
    expect(metrics).toMatch(/replicate_lag_records\{[^}]*partition="0"[^}]*\} 0/);
    expect(await replay.stop('SIGTERM'), replay.tail()).toBe(0);
    const replayed = await replay.waitFor((l) => l.message === 'replicate stopped');
    expect(stat(replayed, 'skippedStale')).toBeGreaterThan(0);
    expect(stat(replayed, 'skippedStale')).toBe(Number(staleMetric?.[1]));
    expect(await waitForEqual(source, target, 5000)).toBe(items);
    expect(await versions(target)).toEqual(before);

    await worker.stop();
  });

  it('stops on bad data, naming table, offset, key and reason, and writes nothing of its batch', async () => {
    const source = uniqueName('repl-bad');
    const target = uniqueName('repl-bad-dst');
    await createTable({ name: target, hashKey: { name: 'pk', type: 'S' } });
    const client = kafka('test-bad-data');
    const admin = client.admin();
    const producer = client.producer();
    try {
      await admin.ensureTopic({
        topic: topicFor(source),
        partitions: 1,
        replicationFactor: 1,
        configs: {},
      });
      await producer.send(topicFor(source), [
        { key: '{"pk":"a"}', value: '{"op":"c","after":{"pk":"a","n":1}}', headers: {} },
        { key: '{"pk":"b"}', value: '{"op":"c","after":', headers: {} },
      ]);
    } finally {
      await producer.close();
      await admin.close();
    }
    const config = writeConnectorConfig({ replicate: { httpPort: 0 } });
    const args = ['replicate', '--config', config, '--table', source, '--to', target];
    for (let run = 0; run < 2; run++) {
      // Twice: nothing was committed, so a restart stops at the same record.
      const out = await runCli(args, 60_000);
      expect(out.code, out.stdout).toBe(1);
      expect(out.stderr).toContain(
        `cannot replicate ${source} partition 0 offset 1 key {"pk":"b"}: the value is not JSON`,
      );
    }
    expect(await scanAll(target)).toEqual([]);
  });

  it('refuses bad flags with exit 2, one line per problem naming the flag', async () => {
    const config = writeConnectorConfig({ replicate: { concurrency: 0 } });
    const noFlags = await runCli(['replicate', '--config', config, '--endpoint', 'nope']);
    expect(noFlags.code).toBe(2);
    expect(noFlags.stderr.trim().split('\n')).toEqual([
      'usage: replicate needs --table <table>',
      'usage: replicate needs --to <table>',
      'usage: --endpoint: must be an http(s) URL',
    ]);
    const badKey = await runCli(['replicate', '--config', config, '--table', 'a', '--to', 'b']);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(
      /^config: replicate\.concurrency: must be an integer from 1 to 1000/m,
    );
  });
});
