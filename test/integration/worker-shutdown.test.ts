import { setTimeout as sleep } from 'node:timers/promises';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { byKey, decodeRecords, smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { createTable, putItem, updateItem } from '../support/tables.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const KEYS = 50;
const SHUTDOWN_TIMEOUT_MS = 10_000;
const WRITES_PER_STAGE = 40;
const hashKey = { name: 'pk', type: 'S' } as const;

/**
 * Updates the table's items round-robin, `lanes` awaited writes at a time, until stopped. The
 * values never repeat nor equal the initial ones, so every write changes its item and makes a
 * stream record.
 */
function startWriter(table: string, lanes = 2) {
  let running = true;
  let written = 0;
  let next = 0;
  const errors: unknown[] = [];
  const work = Array.from({ length: lanes }, async () => {
    try {
      while (running) {
        const i = next++;
        const pk = smallItem(i % KEYS).pk as AttributeValue;
        await updateItem(table, { pk }, { v: { N: String(1_000_000 + i) } });
        written += 1;
        // Paced: DynamoDB Local handles writes about one at a time, and other tests run beside this.
        await sleep(50);
      }
    } catch (err) {
      errors.push(err);
    }
  });
  return {
    get written() {
      return written;
    },
    stop: async () => {
      running = false;
      await Promise.all(work);
      if (errors.length > 0) throw errors[0];
    },
  };
}

/**
 * Lets the writer run for at least 3 s and until it has made `count` writes in all (DynamoDB
 * Local slows down when other tests write too), so the worker has changes in flight.
 */
async function writesAtLeast(writer: { written: number }, count: number): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < 3000 || writer.written < count) {
    if (Date.now() - start > 60_000) throw new Error(`only ${writer.written} of ${count} writes`);
    await sleep(100);
  }
}

async function syncedTable(prefix: string): Promise<string> {
  const table = uniqueName(prefix);
  await createTable({ name: table, hashKey, streamViewType: 'NEW_AND_OLD_IMAGES' });
  for (let i = 0; i < KEYS; i += 1) await putItem(table, smallItem(i));
  return table;
}

describe('SIGTERM', () => {
  it('finishes in-flight batches and writes offsets: exit 0 in time, no duplicate after restart', {
    timeout: 180_000,
  }, async () => {
    const table = await syncedTable('shutdown');
    const config = writeConnectorConfig({
      tables: { whitelist: [table] },
      shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
    });
    const first = startWorker(config);
    await first.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 60_000);
    await first.waitForLog(logged('sync caught up', { table }), 60_000);

    const writer = startWriter(table);
    try {
      await writesAtLeast(writer, WRITES_PER_STAGE);
      const signalled = Date.now();
      const code = await first.stop('SIGTERM', 3 * SHUTDOWN_TIMEOUT_MS);
      const stopMs = Date.now() - signalled;
      const atStop = writer.written;
      console.log(`shutdown: exit ${code} ${stopMs} ms after SIGTERM, ${atStop} writes so far`);
      expect(code, first.tail()).toBe(0);
      expect(stopMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
      for (const message of ['shutdown requested', 'task stopped', 'worker stopped']) {
        expect(first.logs.some(logged(message)), message).toBe(true);
      }
      expect(first.logs.filter(logged('task failed'))).toEqual([]);

      // The table keeps changing while no worker runs; the next one picks up from the offsets.
      await sleep(3000);
      const second = startWorker(config);
      const started = await second.waitForLog(logged('task started', { table }), 60_000);
      const phase = await second.waitForLog(logged('phase changed', { table }), 60_000, started);
      expect(phase.to).toBe('SYNC');
      await writesAtLeast(writer, writer.written + WRITES_PER_STAGE);
      await writer.stop();
      console.log(`shutdown: ${writer.written} writes in all (${atStop} before the stop)`);

      const records = decodeRecords(
        await readSettledTopic(topicFor(table), {
          atLeast: KEYS + writer.written,
          quietMs: 4000,
          timeoutMs: 90_000,
        }),
      );
      expect(second.logs.filter(logged('init sync started', { table }))).toEqual([]);
      expect(second.logs.filter(logged('resync', { table }))).toEqual([]);

      // A graceful stop re-sends nothing: each stream record (key + sequence number) once.
      let changes = 0;
      let duplicated = 0;
      let extraCopies = 0;
      let disordered = 0;
      for (const group of byKey(records).values()) {
        const copies = new Map<string, number>();
        const seqs: bigint[] = [];
        for (const r of group) {
          const seq = r.envelope?.source.sequence_number;
          if (r.envelope?.source.phase !== 'SYNC' || !seq) continue;
          copies.set(seq, (copies.get(seq) ?? 0) + 1);
          seqs.push(BigInt(seq));
        }
        changes += copies.size;
        for (const n of copies.values()) {
          if (n > 1) [duplicated, extraCopies] = [duplicated + 1, extraCopies + n - 1];
        }
        if (seqs.some((s, i) => i > 0 && s <= (seqs[i - 1] as bigint))) disordered += 1;
      }
      console.log(
        `shutdown: ${records.length} records, ${changes} distinct stream changes ` +
          `(${writer.written} updates), ${duplicated} duplicated ` +
          `(${extraCopies} extra copies), ${disordered} keys out of order`,
      );
      expect(duplicated).toBe(0);
      expect(disordered).toBe(0);
      expect(changes).toBe(writer.written);

      await expectVerified(config, table);
      expect(await second.stop('SIGTERM')).toBe(0);
    } finally {
      await writer.stop();
    }
  });

  it('exits at once on a second signal', { timeout: 120_000 }, async () => {
    const table = await syncedTable('second-signal');
    const config = writeConnectorConfig({
      tables: { whitelist: [table] },
      shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
    });
    const worker = startWorker(config);
    await worker.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 60_000);
    // Changes in flight, so the graceful stop has work to finish when the second signal comes.
    const writer = startWriter(table);
    try {
      await sleep(2000);
      const pid = worker.pid as number;
      const signalled = Date.now();
      process.kill(pid, 'SIGTERM');
      await sleep(20);
      if (worker.isRunning) process.kill(pid, 'SIGTERM');
      const timeout = sleep(SHUTDOWN_TIMEOUT_MS, 'timeout' as const);
      const code = await Promise.race([worker.exited, timeout]);
      const exitMs = Date.now() - signalled;
      console.log(
        `second signal: exit ${code} ${exitMs} ms after the first SIGTERM ` +
          `(${worker.logs.some(logged('worker stopped')) ? 'graceful stop finished first' : 'cut short'})`,
      );
      expect(code, worker.tail()).not.toBe('timeout');
      expect([130, 0]).toContain(code);
      if (code === 130) expect(exitMs).toBeLessThan(2000);
    } finally {
      await writer.stop();
    }
  });
});
