import { describe, expect, it } from 'vitest';
import { diffTasks } from './task-diff.js';

describe('diffTasks', () => {
  it.each([
    { name: 'nothing to do', running: [], desired: [], start: [], stop: [] },
    { name: 'first discovery', running: [], desired: ['b', 'a'], start: ['a', 'b'], stop: [] },
    { name: 'steady state', running: ['a', 'b'], desired: ['b', 'a'], start: [], stop: [] },
    { name: 'a table appears', running: ['a'], desired: ['a', 'c'], start: ['c'], stop: [] },
    { name: 'a table disappears', running: ['a', 'b'], desired: ['a'], start: [], stop: ['b'] },
    { name: 'everything replaced', running: ['a'], desired: ['b'], start: ['b'], stop: ['a'] },
    { name: 'all gone', running: ['a', 'b'], desired: [], start: [], stop: ['a', 'b'] },
  ])('$name', ({ running, desired, start, stop }) => {
    expect(diffTasks(running, desired)).toEqual({ start, stop });
  });
});
