import { describe, expect, it } from 'vitest';
import type { OffsetEntry } from '../kafka/offset-store.js';
import type { Change } from '../records/change.js';
import { TransactionalSink } from './transactional-sink.js';

const change = (n: number) => ({ changeTimeMs: 1000 + n }) as Change;
const offset = (n: number): OffsetEntry => ({
  partition: { table: 't', generation: 1, segment: n },
  value: { exclusive_start_key: null, done: false, count: n },
});

/**
 * A sink over fakes logging every step. The first `failures` transactions fail at their commit.
 */
function sinkWith(failures = 0) {
  const steps: string[] = [];
  let open = 0;
  let left = failures;
  const sink = new TransactionalSink({
    table: 't',
    producer: {
      send: async () => {},
      transaction: async (fn) => {
        open++;
        steps.push(`begin${open > 1 ? ' (while another is open!)' : ''}`);
        try {
          await fn();
          await new Promise((r) => setTimeout(r, 5));
          if (left-- > 0) throw new Error('commit failed');
          steps.push('commit');
        } catch (err) {
          steps.push('abort');
          throw err;
        } finally {
          open--;
        }
      },
    },
    sender: {
      send: async (changes) => {
        steps.push(`records ${changes.length}`);
        return { byOp: {}, bytes: 0 };
      },
    },
    offsets: {
      write: async () => {
        throw new Error('exactly once sends offsets inside the transaction');
      },
      send: async (_p, entries) => {
        steps.push(`offsets ${entries.length}`);
      },
      committed: (entries) => steps.push(`counted offsets ${entries.length}`),
    },
    retry: {
      kafka: () => {
        throw new Error('a transaction is never retried by the sink');
      },
    },
    metrics: { written: () => {}, offsetCommit: () => {} },
    progress: { handed: () => {} },
    signal: new AbortController().signal,
  });
  return { sink, steps };
}

describe('TransactionalSink: a batch and its offsets commit together', () => {
  it('records and offsets in one transaction; offsets count only after the commit', async () => {
    const s = sinkWith();
    await s.sink.write({ changes: [change(1), change(2)], offsets: [offset(0)] });
    expect(s.steps).toEqual(['begin', 'records 2', 'offsets 1', 'commit', 'counted offsets 1']);
  });

  it('a failed transaction is not retried by the sink and counts no offset; the next batch still runs', async () => {
    const s = sinkWith(1);
    await expect(s.sink.write({ changes: [change(1)], offsets: [offset(0)] })).rejects.toThrow(
      'commit failed',
    );
    expect(s.steps).toEqual(['begin', 'records 1', 'offsets 1', 'abort']);
    s.steps.length = 0;
    await s.sink.write({ changes: [], offsets: [offset(1)] });
    expect(s.steps).toEqual(['begin', 'records 0', 'offsets 1', 'commit', 'counted offsets 1']);
  });

  it('concurrent writers (scan segments, shards) take turns: one transaction at a time', async () => {
    const s = sinkWith();
    await Promise.all(
      [0, 1, 2, 3].map((n) => s.sink.write({ changes: [change(n)], offsets: [offset(n)] })),
    );
    expect(s.steps.filter((x) => x.startsWith('begin'))).toEqual([
      'begin',
      'begin',
      'begin',
      'begin',
    ]);
    expect(s.steps.filter((x) => x === 'commit')).toHaveLength(4);
  });

  it('an empty batch opens no transaction', async () => {
    const s = sinkWith();
    await s.sink.write({ changes: [], offsets: [] });
    expect(s.steps).toEqual([]);
  });
});
