import type { Config } from './config-type.js';

/**
 * Pairs of keys where the first is a start or a step and the second its ceiling: a first value
 * above its ceiling would be clamped or ignored by the code that reads it, so the user's belief
 * about what runs would be wrong. Refused instead, as everything else loadConfig cannot honour.
 */
const ORDERED: [low: string, high: string][] = [
  ['sync.idlePollMs', 'sync.idlePollMaxMs'],
  ['tasks.restartInitialMs', 'tasks.restartMaxMs'],
  ['stall.checkIntervalMs', 'stall.afterMs'],
  ['worker.heartbeatIntervalMs', 'worker.sessionTimeoutMs'],
];

const numberAt = (config: Config, key: string): number =>
  key
    .split('.')
    .reduce<unknown>((node, name) => (node as Record<string, unknown>)[name], config) as number;

export function orderProblems(config: Config): string[] {
  return ORDERED.filter(([low, high]) => numberAt(config, low) > numberAt(config, high)).map(
    ([low, high]) =>
      `config: ${low}: must not be above ${high} (${numberAt(config, high)}); given ${numberAt(config, low)}`,
  );
}
