import { describe, expect, it } from 'vitest';
import { CapacityLimiter, scanRate } from './capacity-limiter.js';

describe('scanRate', () => {
  it.each([
    {
      name: 'provisioned: half by default',
      provisionedReadUnits: 100,
      fraction: 0.5,
      maxUnits: null,
      rate: 50,
    },
    {
      name: 'provisioned: cap lower than share',
      provisionedReadUnits: 100,
      fraction: 0.5,
      maxUnits: 20,
      rate: 20,
    },
    {
      name: 'provisioned: cap higher than share',
      provisionedReadUnits: 100,
      fraction: 0.5,
      maxUnits: 80,
      rate: 50,
    },
    {
      name: 'on-demand without cap: unlimited',
      provisionedReadUnits: null,
      fraction: 0.5,
      maxUnits: null,
      rate: null,
    },
    {
      name: 'on-demand with cap',
      provisionedReadUnits: null,
      fraction: 0.5,
      maxUnits: 300,
      rate: 300,
    },
    {
      name: 'provisioned 0 (on-demand reported as 0)',
      provisionedReadUnits: 0,
      fraction: 0.5,
      maxUnits: null,
      rate: null,
    },
  ])('$name', ({ rate, ...input }) => {
    expect(scanRate(input)).toBe(rate);
  });
});

describe('CapacityLimiter', () => {
  it('never waits without a rate', () => {
    const limiter = new CapacityLimiter(null, () => 0);
    limiter.consumed(1e9);
    expect(limiter.delayMs()).toBe(0);
  });

  it.each([
    { name: 'within the burst', rate: 10, steps: [{ at: 0, consume: 10 }], waitAt: 0, wait: 0 },
    {
      name: 'debt of one second',
      rate: 10,
      steps: [{ at: 0, consume: 20 }],
      waitAt: 0,
      wait: 1000,
    },
    {
      name: 'debt partly repaid',
      rate: 10,
      steps: [{ at: 0, consume: 20 }],
      waitAt: 500,
      wait: 500,
    },
    { name: 'debt repaid', rate: 10, steps: [{ at: 0, consume: 20 }], waitAt: 1000, wait: 0 },
    {
      name: 'sustained pages at twice the rate wait half the time',
      rate: 10,
      steps: [
        { at: 0, consume: 10 },
        { at: 0, consume: 10 },
        { at: 1000, consume: 10 },
      ],
      waitAt: 1000,
      wait: 1000,
    },
  ])('$name', ({ rate, steps, waitAt, wait }) => {
    let t = 0;
    const limiter = new CapacityLimiter(rate, () => t);
    for (const s of steps) {
      t = s.at;
      limiter.consumed(s.consume);
    }
    t = waitAt;
    expect(limiter.delayMs()).toBe(wait);
  });
});
