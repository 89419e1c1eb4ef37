import { describe, expect, it } from 'vitest';
import { createLogger } from '../observability/logger.js';
import { type RegionMove, RegionWatch } from './region-watch.js';

const logger = createLogger({ level: 'error', format: 'json', connector: 't' });

/** A watch over two regions whose probes answer as `down` says, on a clock the test moves. */
function watch(opts: { failBack?: boolean } = {}) {
  let now = 0;
  let current = 'home';
  const down = new Set<string>();
  const hung = new Set<string>();
  const moves: RegionMove[] = [];
  let request: { region: string; requestedAt: number } | null = null;
  const w = new RegionWatch({
    regions: ['home', 'other'],
    failoverAfterMs: 10_000,
    probeIntervalMs: 50,
    failBack: () => opts.failBack ?? false,
    request: () => request,
    current: () => current,
    probe: async (region) => {
      if (hung.has(region)) await new Promise(() => {});
      if (down.has(region)) throw new Error('connection refused');
    },
    onMove: (m) => {
      moves.push(m);
      current = m.to;
    },
    now: () => now,
    sleep: async () => {},
    logger,
  });
  const signal = new AbortController().signal;
  return {
    w,
    ask: (region: string, requestedAt: number) => {
      request = { region, requestedAt };
    },
    down,
    hung,
    moves,
    at: async (ms: number) => {
      now = ms;
      await w.round(signal);
    },
  };
}

describe('RegionWatch', () => {
  it('fails over once home has failed for failoverAfterMs, then no more until moved()', async () => {
    const t = watch();
    await t.at(0);
    t.down.add('home');
    await t.at(1_000);
    await t.at(10_999);
    expect(t.moves).toEqual([]);
    await t.at(11_000);
    expect(t.moves).toEqual([{ action: 'failover', to: 'other', reason: 'region_failing' }]);
    t.down.delete('home');
    await t.at(30_000);
    expect(t.moves).toHaveLength(1);
  });

  it('a probe that hangs counts as a failure when its time is up', async () => {
    const t = watch();
    await t.at(0);
    t.hung.add('home');
    await t.at(1_000);
    await t.at(11_000);
    expect(t.moves.map((m) => m.to)).toEqual(['other']);
  });

  it('fails back after home was healthy for failoverAfterMs, only with failBack', async () => {
    for (const failBack of [true, false]) {
      const t = watch({ failBack });
      await t.at(0);
      t.down.add('home');
      await t.at(1_000);
      await t.at(11_000);
      t.w.moved();
      t.down.delete('home');
      await t.at(20_000);
      await t.at(29_999);
      expect(t.moves).toHaveLength(1);
      await t.at(30_000);
      expect(t.moves.at(-1)).toEqual(
        failBack ? { action: 'failback', to: 'home' } : expect.objectContaining({ to: 'other' }),
      );
    }
  });

  it('stays while no other region is healthy', async () => {
    const t = watch();
    t.down.add('home');
    t.down.add('other');
    await t.at(0);
    await t.at(20_000);
    expect(t.moves).toEqual([]);
    t.down.delete('other');
    await t.at(20_050);
    expect(t.moves.map((m) => m.to)).toEqual(['other']);
  });

  it("honours an operator's command at once, healthy or not, with its time", async () => {
    const t = watch();
    t.down.add('other');
    await t.at(0);
    t.ask('other', 123);
    await t.at(1_000);
    expect(t.moves).toEqual([
      { action: 'failover', to: 'other', reason: 'operator', requestedAt: 123 },
    ]);
  });

  it('a command for an unknown region moves nothing', async () => {
    const t = watch();
    t.ask('mars-1', 5);
    await t.at(0);
    await t.at(1_000);
    expect(t.moves).toEqual([]);
  });
});
