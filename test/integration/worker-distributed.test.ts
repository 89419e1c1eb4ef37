import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { duplicatesOf } from '../support/duplicates.js';
import { decodeRecords } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { OwnershipSampler, settled } from '../support/ownership-sampler.js';
import { waitForTopicQuiet } from '../support/pipeline-topic.js';
import { createTable, putItem, updateItem } from '../support/tables.js';
import { readAll } from '../support/topics.js';
import {
  expectVerified,
  logged,
  startWorker,
  type WorkerProcess,
} from '../support/worker-process.js';

const TABLES = 12;
const KEYS = 5;
const SESSION_TIMEOUT_MS = 6_000;
const HEARTBEAT_MS = 2_000;
const DISCOVERY_MS = 5_000;
/** The machine may be busy (another test run on 2 cores): margins above the protocol's times. */
const SLACK_MS = 15_000;

const pk = (k: number) => ({ S: `key-${k}` });

/** Every 250 ms one update to every table (4 writes a second each), until stopped. */
function startWriter(tables: string[]) {
  let stopped = false;
  let version = 0;
  const done = (async () => {
    while (!stopped) {
      version++;
      const v = { N: String(version) };
      await Promise.all(tables.map((t) => updateItem(t, { pk: pk(version % KEYS) }, { v })));
      await sleep(250);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return version;
    },
  };
}

async function setUp() {
  const tables = Array.from({ length: TABLES }, (_, i) => uniqueName(`dist${i}`));
  await Promise.all(
    tables.map(async (name) => {
      await createTable({ name, hashKey: { name: 'pk', type: 'S' }, streamViewType: 'NEW_IMAGE' });
      for (let k = 0; k < KEYS; k++) await putItem(name, { pk: pk(k), v: { N: '0' } });
    }),
  );
  const config = writeConnectorConfig({
    tables: { whitelist: tables, discoveryIntervalMs: DISCOVERY_MS },
    delivery: { guarantee: 'exactly_once' },
    worker: {
      mode: 'distributed',
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: HEARTBEAT_MS,
    },
  });
  return { tables, config };
}

/** Starts a worker and has the sampler watch its REST status. */
async function join(name: string, config: string, sampler: OwnershipSampler) {
  const worker = startWorker(config);
  sampler.watch(name, Number((await worker.waitForLog(logged('http listening'), 60_000)).port));
  return worker;
}

describe('distributed mode', () => {
  it('three workers share twelve tables, hand them over on SIGTERM and SIGKILL, and a late one takes its share', {
    timeout: 360_000,
  }, async () => {
    const { tables, config } = await setUp();
    const writer = startWriter(tables);
    const sampler = new OwnershipSampler(JSON.parse(readFileSync(config, 'utf8')).name);
    const t0 = Date.now();
    const [a, b, c] = (await Promise.all(['a', 'b', 'c'].map((n) => join(n, config, sampler)))) as [
      WorkerProcess,
      WorkerProcess,
      WorkerProcess,
    ];

    const first = await sampler.until(settled(tables, ['a', 'b', 'c']), 90_000);
    const times: Record<string, number> = { start: first.atMs - t0 };

    let mark = Date.now();
    expect(await a.stop('SIGTERM')).toBe(0);
    const stopMs = Date.now() - mark;
    sampler.forget('a');
    times.sigterm =
      (await sampler.until(settled(tables, ['b', 'c']), HEARTBEAT_MS + SLACK_MS)).atMs - mark;

    mark = Date.now();
    await b.kill();
    times.sigkill =
      (await sampler.until(settled(tables, ['c']), SESSION_TIMEOUT_MS + DISCOVERY_MS + SLACK_MS))
        .atMs - mark;
    sampler.forget('b');

    mark = Date.now();
    const d = await join('d', config, sampler);
    times.join =
      (await sampler.until(settled(tables, ['c', 'd']), 2 * HEARTBEAT_MS + SLACK_MS)).atMs - mark;

    await sleep(2_000);
    await writer.stop();
    await sampler.stop();
    console.log(
      `distributed: settled ${times.start} ms after start; SIGTERM (exit after ${stopMs} ms) ` +
        `moved in ${times.sigterm} ms, SIGKILL in ${times.sigkill} ms, late joiner's share in ${times.join} ms; ` +
        `${sampler.samples.length} samples`,
    );
    expect(sampler.overlaps, 'samples at which two workers listed one table').toEqual([]);
    expect(sampler.wrongIds, "tasks whose worker_id is not their worker's").toEqual([]);
    // The late joiner's share came in two phases: c gave six up in one generation, d got them
    // in later ones (a table c was still stopping when another rebalance began waits for the
    // one after).
    const gaveUp = c.logs.filter(logged('tables assigned')).at(-1);
    expect(gaveUp).toMatchObject({ level: 'info', added: [] });
    expect(gaveUp?.removed).toHaveLength(TABLES / 2);
    const got = d.logs.filter(logged('tables assigned'));
    expect(got.flatMap((l) => l.added as string[]).sort()).toEqual(gaveUp?.removed);
    for (const l of got) expect(Number(l.generation)).toBeGreaterThan(Number(gaveUp?.generation));
    console.log(`late joiner: d's share came in ${got.length} generation(s)`);

    for (const t of tables)
      await waitForTopicQuiet(topicFor(t), { quietMs: 3_000, timeoutMs: 60_000 });
    for (const w of [c, d]) expect(await w.stop('SIGTERM')).toBe(0);
    for (let i = 0; i < tables.length; i += 4)
      await Promise.all(tables.slice(i, i + 4).map((t) => expectVerified(config, t)));
    const dups: string[] = [];
    for (const t of tables) dups.push(...duplicatesOf(decodeRecords(await readAll(topicFor(t)))));
    expect(dups, 'changes a read_committed reader sees twice').toEqual([]);
    for (const w of [a, b, c, d]) expect(w.logs.some(logged('resync'))).toBe(false);
  });
});
