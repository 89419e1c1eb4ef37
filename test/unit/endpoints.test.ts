import { describe, expect, it } from 'vitest';
import { endpointsFromEnv } from '../setup/endpoints.js';

describe('endpointsFromEnv', () => {
  it('is undefined when none is set, so servers get started', () => {
    expect(endpointsFromEnv({})).toBeUndefined();
  });

  it('uses all three when all are set', () => {
    expect(
      endpointsFromEnv({
        KAFKA_BROKERS: 'k:1',
        DYNAMODB_ENDPOINT: 'http://d',
        TAGGING_ENDPOINT: 'http://t',
      }),
    ).toEqual({
      kafkaBrokers: 'k:1',
      dynamodbEndpoint: 'http://d',
      taggingEndpoint: 'http://t',
      source: 'env',
    });
  });

  it('refuses a half-set environment, naming what is missing', () => {
    expect(() => endpointsFromEnv({ KAFKA_BROKERS: 'k:1' })).toThrow(
      /missing: DYNAMODB_ENDPOINT, TAGGING_ENDPOINT/,
    );
  });
});
