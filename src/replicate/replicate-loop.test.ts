import { describe, expect, it } from 'vitest';
import type { FetchedBatch, GroupRecord } from '../kafka/group-consumer.js';
import { createLogger } from '../observability/logger.js';
import type { WriteOutcome } from './conditional-writer.js';
import { type LoopOptions, runReplicate } from './replicate-loop.js';
import { createReplicateMetrics } from './replicate-metrics.js';
import type { WritePlan } from './write-plan.js';

const opts: LoopOptions = {
  table: 'orders',
  format: 'envelope',
  keySchema: [{ name: 'pk', type: 'S' }],
  versionAttribute: '_v',
  concurrency: 4,
  progressIntervalMs: 60_000,
};
const record = (offset: number, pk: string, value: string | null): GroupRecord => ({
  partition: 0,
  offset: BigInt(offset),
  key: Buffer.from(JSON.stringify({ pk })),
  value: value === null ? null : Buffer.from(value),
});
const put = (offset: number, pk: string) =>
  record(offset, pk, JSON.stringify({ op: 'u', after: { pk, n: offset } }));

/** A consumer that hands out the given batches, then empty ones; the log says what happened when. */
function harness(
  batches: GroupRecord[][],
  outcome: (p: WritePlan) => WriteOutcome = () => 'applied',
) {
  const events: string[] = [];
  const stop = new AbortController();
  let position = 0n;
  const committed = new Map<number, bigint>();
  const deps = {
    consumer: {
      async poll(): Promise<FetchedBatch> {
        const records = batches.shift() ?? [];
        if (records.length === 0) stop.abort();
        for (const r of records) position = r.offset + 1n;
        events.push(`poll ${records.length}`);
        return { records, next: new Map([[0, position]]), generation: 1 };
      },
      async commit({ next }: { next: ReadonlyMap<number, bigint> }) {
        events.push(`commit ${next.get(0)}`);
        const moved = committed.get(0) !== next.get(0);
        committed.set(0, next.get(0) as bigint);
        return moved;
      },
      assigned: () => [0],
      endOffsets: async () => new Map([[0, position]]),
      committedOffsets: () => committed,
    },
    async write(plan: WritePlan) {
      events.push(`${plan.kind} ${plan.key}@${plan.offset}`);
      return outcome(plan);
    },
    logger: createLogger({ level: 'error', format: 'json', connector: 'c' }),
    metrics: createReplicateMetrics({ connector: 'c', table: 'orders', target: 't' }),
    sleep: async () => {},
    now: () => 0,
  };
  return { deps, events, stop };
}

describe('runReplicate', () => {
  it('writes the last record per key of a batch, then commits the batch', async () => {
    const h = harness([[put(0, 'a'), put(1, 'b'), put(2, 'a'), record(3, 'b', null)]]);
    const counts = await runReplicate(h.deps, opts, h.stop.signal);
    expect(h.events).toEqual([
      'poll 4',
      'put {"pk":"a"}@2',
      'delete {"pk":"b"}@3',
      'commit 4',
      'poll 0',
      'commit 4',
    ]);
    expect(counts).toEqual({ received: 4, applied: 2, skippedStale: 0, compacted: 2 });
  });

  it('counts stale writes apart from applied ones', async () => {
    const h = harness([[put(0, 'a'), put(1, 'b')]], (p) =>
      p.key.includes('a') ? 'stale' : 'applied',
    );
    expect(await runReplicate(h.deps, opts, h.stop.signal)).toMatchObject({
      applied: 1,
      skippedStale: 1,
    });
  });

  it.each([
    {
      name: 'bad data',
      batch: [put(0, 'a'), record(1, 'b', '{"op":"x"}')],
      error: /offset 1 key \{"pk":"b"\}: the envelope's op is "x"/,
    },
    {
      name: 'a missing key attribute',
      batch: [record(0, 'a', null), { ...put(1, 'b'), key: Buffer.from('{}') }],
      error: /key attribute "pk" is missing/,
    },
  ])(
    '$name: fails before writing or committing anything of the batch',
    async ({ batch, error }) => {
      const h = harness([[put(5, 'z')], batch]);
      await expect(runReplicate(h.deps, opts, h.stop.signal)).rejects.toThrow(error);
      expect(h.events).toEqual(['poll 1', 'put {"pk":"z"}@5', 'commit 6', 'poll 2']);
    },
  );

  it('a failed write commits nothing of its batch', async () => {
    const h = harness([[put(0, 'a')]]);
    h.deps.write = async () => {
      throw new Error('refused');
    };
    await expect(runReplicate(h.deps, opts, h.stop.signal)).rejects.toThrow('refused');
    expect(h.events).toEqual(['poll 1']);
  });

  it('a stop during a batch lets it finish and commit, then fetches no more', async () => {
    const h = harness([[put(0, 'a')], [put(1, 'b')]]);
    const write = h.deps.write;
    h.deps.write = async (plan) => {
      h.stop.abort();
      return write(plan);
    };
    await runReplicate(h.deps, opts, h.stop.signal);
    expect(h.events).toEqual(['poll 1', 'put {"pk":"a"}@0', 'commit 1']);
  });
});
