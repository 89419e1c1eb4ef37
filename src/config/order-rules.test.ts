import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import { orderProblems } from './order-rules.js';

const defaults = loadConfig(undefined, {});
const withValues = (sync: object, tasks: object, stall: object) => ({
  ...defaults,
  sync: { ...defaults.sync, ...sync },
  tasks: { ...defaults.tasks, ...tasks },
  stall: { ...defaults.stall, ...stall },
});

describe('keys bounded by another key', () => {
  it.each([
    { name: 'the defaults', sync: {}, tasks: {}, stall: {}, lines: [] },
    { name: 'equal values', sync: { idlePollMs: 2000 }, tasks: {}, stall: {}, lines: [] },
    {
      name: 'idle poll above its ceiling',
      sync: { idlePollMs: 2001 },
      tasks: {},
      stall: {},
      lines: ['config: sync.idlePollMs: must not be above sync.idlePollMaxMs (2000); given 2001'],
    },
    {
      name: 'restart backoff and stall check above theirs',
      sync: {},
      tasks: { restartInitialMs: 10, restartMaxMs: 5 },
      stall: { checkIntervalMs: 200_000 },
      lines: [
        'config: tasks.restartInitialMs: must not be above tasks.restartMaxMs (5); given 10',
        'config: stall.checkIntervalMs: must not be above stall.afterMs (120000); given 200000',
      ],
    },
  ])('$name', ({ sync, tasks, stall, lines }) => {
    expect(orderProblems(withValues(sync, tasks, stall))).toEqual(lines);
  });
});
