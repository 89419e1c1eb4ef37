import { describe, expect, it } from 'vitest';
import type { WireItem } from '../dynamodb/wire-pages.js';
import { SnapshotGate } from './snapshot-gate.js';

const item = (k: string): WireItem => ({ key: Buffer.from(k), image: Buffer.from('{}') });
const never = new AbortController().signal;

describe('SnapshotGate', () => {
  it('holds a page until every listed shard passed its mark, then drops what the stream overtook', async () => {
    let now = 1_000;
    const gate = new SnapshotGate(500, () => now);
    gate.listed(['a', 'b'], 900);
    const hold = gate.hold(1_000);
    now = 1_200;
    gate.received([Buffer.from('k1')]); // after the page was asked for: overtaken
    let released = false;
    const passed = gate.passed(1_100, never).then(() => {
      released = true;
    });
    gate.shardWritten('a', { askedAtMs: 1_600, atHead: true, newestChangeMs: null, ended: false });
    await Promise.resolve();
    expect(released).toBe(false);
    gate.shardWritten('b', { askedAtMs: 1_599, atHead: true, newestChangeMs: null, ended: false });
    await Promise.resolve();
    expect(released).toBe(false);
    gate.shardWritten('b', {
      askedAtMs: 1_650,
      atHead: false,
      newestChangeMs: 1_600,
      ended: false,
    });
    await passed;
    const written: string[][] = [];
    const out = gate.release(hold, [item('k1'), item('k2')], async (kept) => {
      written.push(kept.map((i) => i.key.toString()));
    });
    await out.written;
    expect(written).toEqual([['k2']]);
    expect(out.dropped).toBe(1);
  });

  it('makes a stream round of a released key wait until that page is written', async () => {
    const gate = new SnapshotGate(0, () => 0);
    const hold = gate.hold(0);
    let finish: () => void = () => {};
    const order: string[] = [];
    gate.release(hold, [item('k')], () => {
      order.push('page sent');
      return new Promise<void>((resolve) => {
        finish = () => {
          order.push('page written');
          resolve();
        };
      });
    });
    const other = gate.clearOf([Buffer.from('x')]).then(() => order.push('other key'));
    const same = gate.clearOf([Buffer.from('k')]).then(() => order.push('same key'));
    await other;
    finish();
    await same;
    expect(order).toEqual(['page sent', 'other key', 'page written', 'same key']);
  });
});
