import { describe, expect, it } from 'vitest';
import {
  decideRegion,
  type RegionDecision,
  type RegionFacts,
  type RegionHealth,
  type RegionRequest,
} from './region-health.js';

const NOW = 50_000_000;
const AFTER = 60_000;
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1'];

const ok = (sinceMs = NOW - 3_600_000): RegionHealth => ({
  failingSinceMs: null,
  healthySinceMs: sinceMs,
});
const failing = (sinceMs: number): RegionHealth => ({
  failingSinceMs: sinceMs,
  healthySinceMs: null,
});
const unprobed: RegionHealth = { failingSinceMs: null, healthySinceMs: null };

const facts = (
  current: string,
  health: Record<string, RegionHealth>,
  more: { request?: RegionRequest; failBack?: boolean; regions?: string[] } = {},
): RegionFacts => ({
  regions: more.regions ?? REGIONS,
  current,
  health: new Map(Object.entries(health)),
  nowMs: NOW,
  failoverAfterMs: AFTER,
  request: more.request ?? null,
  failBack: more.failBack ?? false,
});

describe('decideRegion: failing current region', () => {
  const cases: { name: string; f: RegionFacts; result: RegionDecision }[] = [
    {
      name: 'all healthy: stay home',
      f: facts('eu-west-1', { 'eu-west-1': ok(), 'eu-central-1': ok(), 'us-east-1': ok() }),
      result: { action: 'stay' },
    },
    {
      name: 'home failing 1 ms short of the limit: stay',
      f: facts('eu-west-1', { 'eu-west-1': failing(NOW - AFTER + 1), 'eu-central-1': ok() }),
      result: { action: 'stay' },
    },
    {
      name: 'home failing exactly the limit: fail over to the next region',
      f: facts('eu-west-1', { 'eu-west-1': failing(NOW - AFTER), 'eu-central-1': ok() }),
      result: { action: 'failover', to: 'eu-central-1', reason: 'region_failing' },
    },
    {
      name: 'the next region failing too (even briefly): the one after it',
      f: facts('eu-west-1', {
        'eu-west-1': failing(NOW - 2 * AFTER),
        'eu-central-1': failing(NOW - 1),
        'us-east-1': ok(),
      }),
      result: { action: 'failover', to: 'us-east-1', reason: 'region_failing' },
    },
    {
      name: 'the next region never probed: not a target',
      f: facts('eu-west-1', {
        'eu-west-1': failing(NOW - AFTER),
        'eu-central-1': unprobed,
        'us-east-1': ok(),
      }),
      result: { action: 'failover', to: 'us-east-1', reason: 'region_failing' },
    },
    {
      name: 'a region missing from the facts: not a target',
      f: facts('eu-west-1', { 'eu-west-1': failing(NOW - AFTER), 'us-east-1': ok() }),
      result: { action: 'failover', to: 'us-east-1', reason: 'region_failing' },
    },
    {
      name: 'no other region healthy: stay, and say so',
      f: facts('eu-west-1', {
        'eu-west-1': failing(NOW - AFTER),
        'eu-central-1': failing(NOW - 10),
        'us-east-1': unprobed,
      }),
      result: { action: 'stay', reason: 'no_healthy_region' },
    },
    {
      name: 'a single region failing: nowhere to go',
      f: facts('eu-west-1', { 'eu-west-1': failing(0) }, { regions: ['eu-west-1'] }),
      result: { action: 'stay', reason: 'no_healthy_region' },
    },
    {
      name: 'a failing non-home region: list order, so home first when healthy (just now)',
      f: facts('eu-central-1', {
        'eu-west-1': ok(NOW),
        'eu-central-1': failing(NOW - AFTER),
        'us-east-1': ok(),
      }),
      result: { action: 'failover', to: 'eu-west-1', reason: 'region_failing' },
    },
    {
      name: 'the current region no longer listed: the first healthy listed one',
      f: facts('ap-south-1', { 'eu-west-1': failing(NOW - 1), 'eu-central-1': ok() }),
      result: { action: 'failover', to: 'eu-central-1', reason: 'current_not_listed' },
    },
    {
      name: 'the current region no longer listed, none healthy',
      f: facts('ap-south-1', { 'ap-south-1': ok() }),
      result: { action: 'stay', reason: 'no_healthy_region' },
    },
    {
      name: 'no facts about the current region: not failed',
      f: facts('eu-west-1', { 'eu-central-1': ok() }),
      result: { action: 'stay' },
    },
  ];
  it.each(cases)('$name', ({ f, result }) => {
    expect(decideRegion(f)).toStrictEqual(result);
  });
});

describe('decideRegion: operator requests', () => {
  const cases: { name: string; f: RegionFacts; result: RegionDecision }[] = [
    {
      name: 'a listed region: at once, though home is healthy',
      f: facts(
        'eu-west-1',
        { 'eu-west-1': ok(), 'us-east-1': ok() },
        { request: { region: 'us-east-1' } },
      ),
      result: { action: 'failover', to: 'us-east-1', reason: 'operator' },
    },
    {
      name: 'a listed region the probes see failing: honoured',
      f: facts(
        'eu-west-1',
        { 'eu-west-1': ok(), 'us-east-1': failing(NOW - 10 * AFTER) },
        { request: { region: 'us-east-1' } },
      ),
      result: { action: 'failover', to: 'us-east-1', reason: 'operator' },
    },
    {
      name: 'back to home: an operator move too',
      f: facts(
        'us-east-1',
        { 'eu-west-1': ok(NOW), 'us-east-1': ok() },
        { request: { region: 'eu-west-1' } },
      ),
      result: { action: 'failover', to: 'eu-west-1', reason: 'operator' },
    },
    {
      name: 'an unlisted region: refused by name, nothing moves',
      f: facts(
        'eu-west-1',
        { 'eu-west-1': failing(NOW - AFTER), 'eu-central-1': ok() },
        { request: { region: 'mars-north-1' } },
      ),
      result: { action: 'stay', reason: 'unknown_region', region: 'mars-north-1' },
    },
    {
      name: 'the current region: the rules decide (here: stay)',
      f: facts('eu-west-1', { 'eu-west-1': ok() }, { request: { region: 'eu-west-1' } }),
      result: { action: 'stay' },
    },
    {
      name: 'the current region while it has failed: the rules decide (fail over)',
      f: facts(
        'eu-west-1',
        { 'eu-west-1': failing(NOW - AFTER), 'eu-central-1': ok() },
        { request: { region: 'eu-west-1' } },
      ),
      result: { action: 'failover', to: 'eu-central-1', reason: 'region_failing' },
    },
  ];
  it.each(cases)('$name', ({ f, result }) => {
    expect(decideRegion(f)).toStrictEqual(result);
  });
});

describe('decideRegion: fail-back', () => {
  const cases: { name: string; f: RegionFacts; result: RegionDecision }[] = [
    {
      name: 'home healthy for exactly the limit: fail back',
      f: facts(
        'eu-central-1',
        { 'eu-west-1': ok(NOW - AFTER), 'eu-central-1': ok() },
        { failBack: true },
      ),
      result: { action: 'failback', to: 'eu-west-1' },
    },
    {
      name: 'home healthy 1 ms short of the limit: stay (no flapping)',
      f: facts(
        'eu-central-1',
        { 'eu-west-1': ok(NOW - AFTER + 1), 'eu-central-1': ok() },
        { failBack: true },
      ),
      result: { action: 'stay' },
    },
    {
      name: 'home healthy long since, but fail-back off: stay',
      f: facts('eu-central-1', { 'eu-west-1': ok(0), 'eu-central-1': ok() }, { failBack: false }),
      result: { action: 'stay' },
    },
    {
      name: 'home failing again: stay',
      f: facts(
        'eu-central-1',
        { 'eu-west-1': failing(NOW - 5), 'eu-central-1': ok() },
        { failBack: true },
      ),
      result: { action: 'stay' },
    },
    {
      name: 'home never probed: stay',
      f: facts('eu-central-1', { 'eu-west-1': unprobed, 'eu-central-1': ok() }, { failBack: true }),
      result: { action: 'stay' },
    },
    {
      name: 'home not in the facts: stay',
      f: facts('eu-central-1', { 'eu-central-1': ok() }, { failBack: true }),
      result: { action: 'stay' },
    },
    {
      name: 'already home: nothing to fail back to',
      f: facts('eu-west-1', { 'eu-west-1': ok(0) }, { failBack: true }),
      result: { action: 'stay' },
    },
    {
      name: 'from the third region: straight home, not to the second',
      f: facts(
        'us-east-1',
        { 'eu-west-1': ok(NOW - AFTER), 'eu-central-1': ok(0), 'us-east-1': ok() },
        { failBack: true },
      ),
      result: { action: 'failback', to: 'eu-west-1' },
    },
  ];
  it.each(cases)('$name', ({ f, result }) => {
    expect(decideRegion(f)).toStrictEqual(result);
  });
});
