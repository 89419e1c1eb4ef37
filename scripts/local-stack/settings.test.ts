import { describe, expect, it } from 'vitest';
import { endpointsOf, type KafkaSecurity, stackSettings } from './settings.js';

describe('stackSettings', () => {
  it("defaults to ports away from a user's own Kafka and DynamoDB Local, cache outside the repo", () => {
    const s = stackSettings({ HOME: '/home/u' } as NodeJS.ProcessEnv);
    const kafkaSecurity = {} as KafkaSecurity;
    expect(endpointsOf(s, kafkaSecurity)).toEqual({
      kafkaBrokers: '127.0.0.1:19092',
      dynamodbEndpoint: 'http://127.0.0.1:18000',
      taggingEndpoint: 'http://127.0.0.1:15000',
      kafkaSecurity,
    });
    expect([s.kafkaControllerPort, s.kafkaSaslSslPort, s.kafkaSslPort]).toEqual([
      19093, 19094, 19095,
    ]);
    expect(s.cacheDir).toMatch(/\.cache\/dynamodb-kafka-connect$/);
  });

  it('takes ports and folders from the environment', () => {
    const s = stackSettings({
      STACK_KAFKA_PORT: '29092',
      DKC_CACHE_DIR: '/c',
      STACK_MOTO_PORT: '5001',
      STACK_KAFKA_SASL_SSL_PORT: '29094',
      STACK_KAFKA_SSL_PORT: '29095',
    });
    expect(s.kafkaPort).toBe(29092);
    expect(s.kafkaSaslSslPort).toBe(29094);
    expect(s.kafkaSslPort).toBe(29095);
    expect(s.motoPort).toBe(5001);
    expect(s.stateDir).toBe('/c/stack');
  });

  it('gives DynamoDB Local 4 GB of heap unless told otherwise', () => {
    expect(stackSettings({}).dynamodbHeap).toBe('4g');
    expect(stackSettings({ STACK_DYNAMODB_HEAP: '512m' }).dynamodbHeap).toBe('512m');
    expect(() => stackSettings({ STACK_DYNAMODB_HEAP: 'lots' })).toThrow(/STACK_DYNAMODB_HEAP/);
  });

  it.each(['0', '70000', 'abc', '1.5'])('rejects port %s naming the variable', (value) => {
    expect(() => stackSettings({ STACK_DYNAMODB_PORT: value })).toThrow(/STACK_DYNAMODB_PORT/);
  });
});
