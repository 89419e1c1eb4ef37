import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyIndex } from './key-index.js';

describe('KeyIndex', () => {
  it('keeps the latest state per key on disk and removes its file when closed', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'key-index-')), 'i.sqlite');
    const index = new KeyIndex(path);
    const k = (i: number) => Buffer.from(`{"pk":${i}}`);
    // 50,000 keys, more than one transaction; every third becomes live again later.
    for (let i = 0; i < 50_000; i++) index.put(k(i), { partition: i % 2, offset: BigInt(i) });
    for (let i = 0; i < 50_000; i++) if (i % 3 !== 0) index.put(k(i), null);
    expect(index.count()).toBe(50_000);
    const ghosts = [...index.ghosts()];
    expect(ghosts).toHaveLength(16_667);
    expect(ghosts.map((g) => g.key.toString())).toContain('{"pk":49998}');
    expect(ghosts.find((g) => g.key.toString() === '{"pk":3}')).toMatchObject({
      partition: 1,
      offset: 3n,
    });
    // In topic order: partition, then offset.
    const order = ghosts.map((g) => [g.partition, g.offset] as const);
    expect(order).toEqual(
      [...order].sort(([p1, o1], [p2, o2]) => p1 - p2 || (o1 < o2 ? -1 : o1 > o2 ? 1 : 0)),
    );
    expect(order[0]).toEqual([0, 0n]);
    expect(existsSync(path)).toBe(true);
    index.close();
    expect(existsSync(path)).toBe(false);
  });

  it('starts empty over a file a crashed run left behind', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'key-index-')), 'i.sqlite');
    const crashed = new KeyIndex(path);
    crashed.put(Buffer.from('a'), { partition: 0, offset: 1n });
    expect(crashed.count()).toBe(1);
    const again = new KeyIndex(path);
    expect(again.count()).toBe(0);
    again.close();
  });
});
