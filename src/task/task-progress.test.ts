import { describe, expect, it } from 'vitest';
import { TaskProgress } from './task-progress.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('TaskProgress', () => {
  it('INIT_SYNC: items with those of the resumed run, percent and an ETA from this run', () => {
    const c = clock();
    const p = new TaskProgress(c.now);
    p.scanStarted(10_000, 1_000);
    expect(p.view().initSync).toEqual({
      items: 1_000,
      approximateTotal: 10_000,
      percent: 10,
      etaS: null,
    });
    c.advance(10_000);
    p.scanRead(2_000);
    // 2,000 items in 10 s: the 7,000 left take 35 s.
    expect(p.view().initSync).toEqual({
      items: 3_000,
      approximateTotal: 10_000,
      percent: 30,
      etaS: 35,
    });
    expect(p.marks().scanProgressMs).toBe(c.now());
  });

  it('INIT_SYNC: an item count older than the table never shows more than 100 %', () => {
    const p = new TaskProgress(clock().now);
    p.scanStarted(100, 0);
    p.scanRead(150);
    expect(p.view().initSync).toMatchObject({ items: 150, approximateTotal: 150, percent: 100 });
  });

  it('INIT_SYNC: no count from DescribeTable (a new table) gives no percent', () => {
    const p = new TaskProgress(clock().now);
    p.scanStarted(0, 0);
    p.scanRead(5);
    expect(p.view().initSync).toMatchObject({ items: 5, approximateTotal: null, percent: null });
  });

  it('SYNC: lag is the worst shard’s, 0 once every shard is at its head', () => {
    const c = clock();
    const p = new TaskProgress(c.now);
    p.syncStarted();
    expect(p.view().initSync).toBeNull();
    p.shardStarted('a');
    p.shardStarted('b');
    c.advance(1_000);
    p.shardRound('a', c.now() - 4_000);
    p.shardRound('b', c.now() - 9_000);
    p.handed(c.now() - 9_000);
    expect(p.view().sync).toEqual({
      shardsActive: 2,
      millisBehindSource: 9_000,
      lastEventMs: c.now() - 9_000,
    });
    p.shardRound('b', null);
    expect(p.view().sync?.millisBehindSource).toBe(4_000);
    p.shardRound('a', null);
    expect(p.view().sync?.millisBehindSource).toBe(0);
    p.shardEnded('a');
    expect(p.marks().shardRounds).toEqual([['b', c.now()]]);
    expect(p.view().lastRecordMs).toBe(c.now());
  });

  it('neither phase: nothing to show, nothing to watch', () => {
    const p = new TaskProgress(clock().now);
    p.syncStarted();
    p.shardStarted('a');
    p.idle();
    expect(p.view()).toEqual({ initSync: null, sync: null, lastRecordMs: null });
    expect(p.marks()).toEqual({ scanProgressMs: null, shardRounds: [], millisBehindSource: null });
  });
});
