import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { byKey, type DecodedRecord, decodeRecords } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { createTable, putItem, updateItem } from '../support/tables.js';
import {
  expectVerified,
  type LogEntry,
  logged,
  startWorker,
  type WorkerProcess,
} from '../support/worker-process.js';

const KEYS = 40;
const SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 3_000;
/** The machine may be busy (a bench on 2 cores): margins well above the protocol's times. */
const SLACK_MS = 15_000;

const pkOf = (k: number) => `key-${String(k).padStart(3, '0')}`;
const keyText = (k: number) => JSON.stringify({ pk: pkOf(k) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Updates the table's keys round-robin, without pause, until stopped; remembers each write. */
class Writer {
  readonly made = new Map<string, number[]>();
  writes = 0;
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(table: string) {
    // The items' first puts are before the snapshot's stream cut: in the snapshot only.
    for (let k = 0; k < KEYS; k += 1) this.made.set(keyText(k), []);
    this.loop = (async () => {
      while (!this.stopped) {
        const i = this.writes;
        const k = i % KEYS;
        await updateItem(table, { pk: { S: pkOf(k) } }, { v: { N: String(i) } });
        this.made.get(keyText(k))?.push(i);
        this.writes += 1;
      }
    })();
  }

  /** Waits until `n` more writes were made. */
  async more(n: number): Promise<void> {
    const target = this.writes + n;
    while (this.writes < target) await sleep(50);
  }

  async stop(): Promise<number> {
    this.stopped = true;
    await this.loop;
    return this.writes;
  }
}

async function setUp(name: string) {
  const table = uniqueName(name);
  await createTable({
    name: table,
    hashKey: { name: 'pk', type: 'S' },
    streamViewType: 'NEW_AND_OLD_IMAGES',
  });
  for (let k = 0; k < KEYS; k += 1)
    await putItem(table, { pk: { S: pkOf(k) }, v: { N: String(-1 - k) } });
  const config = writeConnectorConfig({
    tables: { whitelist: [table] },
    worker: { sessionTimeoutMs: SESSION_TIMEOUT_MS, heartbeatIntervalMs: HEARTBEAT_MS },
  });
  return { table, config };
}

async function get(port: number, path: string) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Both workers up: the second refuses, says why in its log, status and readiness. */
async function expectStandby(b: WorkerProcess, name: string, ownerId: string): Promise<LogEntry> {
  const port = Number((await b.waitForLog(logged('http listening'), 30_000)).port);
  const refusal = await b.waitForLog(
    logged('another worker runs this connector'),
    HEARTBEAT_MS + SLACK_MS,
  );
  expect(refusal.level).toBe('warn');
  expect(refusal.owner).toBe(ownerId);
  expect(String(refusal.reason)).toMatch(/would copy every table twice/);
  const status = await get(port, `/connectors/${name}/status`);
  expect(status.body).toMatchObject({
    connector: { state: 'UNASSIGNED' },
    tasks: [],
    ownership: {
      group_id: `dynamodb-kafka-connect.${name}`,
      state: 'STANDBY',
      owner: { worker_id: ownerId },
    },
  });
  const ready = await get(port, '/readyz');
  expect(ready.status).toBe(503);
  expect(String((ready.body.reasons as string[])[0])).toMatch(/^standby: another worker/);
  return refusal;
}

/** Each SYNC change (key + sequence number) with how many copies the topic holds. */
function changes(records: DecodedRecord[]) {
  type Change = { seq: bigint; v: unknown; copies: number };
  const byKeyChanges = new Map<string, Map<string, Change>>();
  for (const [key, group] of byKey(records)) {
    const m = new Map<string, Change>();
    for (const r of group) {
      if (r.envelope?.source.phase !== 'SYNC') continue;
      const seq = r.envelope.source.sequence_number as string;
      const c = m.get(seq) ?? { seq: BigInt(seq), v: r.envelope.after?.v, copies: 0 };
      c.copies += 1;
      m.set(seq, c);
    }
    byKeyChanges.set(key, m);
  }
  return byKeyChanges;
}

/** The topic against the writes: one snapshot, every write after it in order, then `verify`. */
async function expectCopied(table: string, config: string, writer: Writer) {
  const writes = await writer.stop();
  const records = decodeRecords(
    await readSettledTopic(topicFor(table), { atLeast: KEYS + writes, timeoutMs: 120_000 }),
  );
  const snapshot = records.filter((r) => r.envelope?.op === 'r');
  expect(snapshot.length, 'snapshot records: the snapshot is not taken twice').toBe(KEYS);
  const all = changes(records);
  const wrong = [...writer.made].filter(
    ([key, vs]) =>
      !isDeepStrictEqual(
        [...(all.get(key)?.values() ?? [])].map((c) => c.v),
        vs,
      ),
  );
  expect(
    wrong.map(([k]) => k),
    'keys whose changes differ from the writes',
  ).toEqual([]);
  await expectVerified(config, table);
  const flat = [...all.values()].flatMap((m) => [...m.values()]);
  return { records: records.length, writes, duplicated: flat.filter((c) => c.copies > 1).length };
}

describe('two standalone workers with one connector name', () => {
  it('the second copies nothing, says why, and takes over when the first stops', {
    timeout: 300_000,
  }, async () => {
    const { table, config } = await setUp('guard');
    const a = startWorker(config);
    const aStarted = await a.waitForLog(logged('worker started'), 60_000);
    const name = String(aStarted.connector);
    await a.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 120_000);
    const writer = new Writer(table);
    await writer.more(50);

    const bStartMs = Date.now();
    const b = startWorker(config);
    const refusal = await expectStandby(b, name, String(aStarted.workerId));
    console.log(
      `standby: refusal ${Date.parse(String(refusal.timestamp)) - bStartMs} ms after B's start`,
    );
    // Both up while the table changes: A keeps copying, B reads nothing.
    const writesBefore = writer.writes;
    await writer.more(150);
    await sleep(HEARTBEAT_MS);
    expect(b.logs.filter(logged('task started'))).toEqual([]);
    expect(a.logs.some(logged('ownership lost'))).toBe(false);

    const stopMs = Date.now();
    expect(await a.stop('SIGTERM')).toBe(0);
    const owned = await b.waitForLog(logged('connector owned'), SESSION_TIMEOUT_MS + SLACK_MS);
    const takeoverMs = Date.parse(String(owned.timestamp)) - stopMs;
    await b.waitForLog(logged('task started', { table }), SLACK_MS);
    await writer.more(100);
    const result = await expectCopied(table, config, writer);
    console.log(
      `graceful handover: B owner ${takeoverMs} ms after SIGTERM to A; ${result.records} records, ` +
        `${result.writes} writes (${result.writes - writesBefore} while B stood by), ${result.duplicated} duplicated`,
    );
    expect(result.duplicated, 'stream changes written twice').toBe(0);
    expect(b.logs.some(logged('resync'))).toBe(false);
    expect(await b.stop()).toBe(0);
  });

  it('a standby takes over a crashed owner after the session timeout', {
    timeout: 300_000,
  }, async () => {
    const { table, config } = await setUp('guard-kill');
    const a = startWorker(config);
    const aStarted = await a.waitForLog(logged('worker started'), 60_000);
    await a.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 120_000);
    const b = startWorker(config);
    await expectStandby(b, String(aStarted.connector), String(aStarted.workerId));
    const writer = new Writer(table);
    await writer.more(50);

    const killMs = Date.now();
    await a.kill();
    const owned = await b.waitForLog(logged('connector owned'), SESSION_TIMEOUT_MS + SLACK_MS);
    const takeoverMs = Date.parse(String(owned.timestamp)) - killMs;
    // The broker removes the dead member only once its session timed out.
    expect(takeoverMs).toBeGreaterThan(SESSION_TIMEOUT_MS - HEARTBEAT_MS);
    await b.waitForLog(logged('task started', { table }), SLACK_MS);
    await writer.more(100);
    const result = await expectCopied(table, config, writer);
    console.log(
      `crash takeover: B owner ${takeoverMs} ms after SIGKILL of A; ${result.records} records, ` +
        `${result.writes} writes, ${result.duplicated} duplicated (the crash's unacknowledged tail)`,
    );
    expect(b.logs.some(logged('resync'))).toBe(false);
    expect(await b.stop()).toBe(0);
  });
});
