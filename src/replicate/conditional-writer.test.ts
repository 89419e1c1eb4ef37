import { describe, expect, it } from 'vitest';
import { CapacityLimiter } from '../dynamodb/capacity-limiter.js';
import { DynamoDbServiceError } from '../dynamodb/json-rpc.js';
import { createLogger } from '../observability/logger.js';
import { ConditionalWriter } from './conditional-writer.js';
import { createReplicateMetrics } from './replicate-metrics.js';
import type { WritePlan } from './write-plan.js';

const plan: WritePlan = {
  kind: 'put',
  key: '{"pk":"a"}',
  wireKey: { pk: { S: 'a' } },
  item: { pk: { S: 'a' } },
  offset: 3n,
  op: 'c',
};
const error = (name: string, status = 400) => new DynamoDbServiceError(name, name, status);

function writer(answers: (Error | null)[], rate: number | null = null) {
  const calls: { operation: string; input: unknown }[] = [];
  const sleeps: number[] = [];
  let t = 0;
  const metrics = createReplicateMetrics({ connector: 'c', table: 't', target: 'x' });
  const w = new ConditionalWriter(
    {
      api: {
        async call(operation, input) {
          calls.push({ operation, input });
          const answer = answers.shift() ?? null;
          if (answer) throw answer;
          return Buffer.from('{}');
        },
      },
      logger: createLogger({ level: 'error', format: 'json', connector: 'c' }),
      metrics,
      limiter: new CapacityLimiter(rate, () => t),
      sleep: async (ms) => {
        sleeps.push(ms);
        t += ms;
      },
      random: () => 0.5,
    },
    { table: 't', target: 'x', versionAttribute: '_v' },
  );
  return { w, calls, sleeps, metrics };
}

describe('ConditionalWriter', () => {
  it.each([
    { name: 'lands', answers: [null], outcome: 'applied', calls: 1 },
    {
      name: 'a failed condition is stale, not an error',
      answers: [error('ConditionalCheckFailedException')],
      outcome: 'stale',
      calls: 1,
    },
    {
      name: 'every throttling error is retried until it passes',
      answers: [
        error('ProvisionedThroughputExceededException'),
        error('ThrottlingException'),
        error('RequestLimitExceeded'),
        null,
      ],
      outcome: 'applied',
      calls: 4,
    },
    {
      name: 'a 5xx is retried',
      answers: [error('InternalServerError', 500), null],
      outcome: 'applied',
      calls: 2,
    },
    {
      name: 'throttled, then stale',
      answers: [error('ThrottlingException'), error('ConditionalCheckFailedException')],
      outcome: 'stale',
      calls: 2,
    },
  ])('$name', async ({ answers, outcome, calls }) => {
    const t = writer(answers);
    expect(await t.w.write(plan)).toBe(outcome);
    expect(t.calls).toHaveLength(calls);
    expect(t.sleeps).toHaveLength(calls - 1);
  });

  it('counts throttles on /metrics', async () => {
    const t = writer([error('ThrottlingException'), error('ThrottlingException'), null]);
    await t.w.write(plan);
    expect((await t.metrics.exposition()).text).toMatch(
      /replicate_write_throttles_total\{[^}]*\} 2/,
    );
  });

  it('any other refusal fails, naming table, key, offset and target', async () => {
    const t = writer([error('ValidationException')]);
    await expect(t.w.write(plan)).rejects.toThrow(
      'PutItem of t key {"pk":"a"} (partition offset 3) into x failed: ValidationException',
    );
    expect(t.calls).toHaveLength(1);
  });

  it('the rate cap spaces writes after a one-second burst', async () => {
    const t = writer([], 10);
    for (let i = 0; i < 15; i++) await t.w.write(plan);
    // 10 in the first second's burst, then one every 100 ms.
    expect(t.sleeps).toEqual([100, 100, 100, 100, 100]);
  });
});
