import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configEnvVars, configReference } from './reference.js';

describe('config reference', () => {
  it('docs/CONFIG.md is the one generated from the schema (run npm run docs:config)', () => {
    expect(readFileSync('docs/CONFIG.md', 'utf8')).toBe(configReference());
  });

  it('lists every contract key with its env var', () => {
    const doc = configReference();
    for (const row of [
      '`name` | `"dynamodb-source"`',
      '`kafka.brokers`',
      '`KAFKA_BROKERS`',
      '`sync.safeZoneMs` | `72000000`',
    ]) {
      expect(doc).toContain(row);
    }
  });

  it('knows every environment variable the config reads', () => {
    expect(configEnvVars()).toEqual(
      expect.arrayContaining([
        'CONNECTOR_NAME',
        'AWS_REGION',
        'DYNAMODB_ENDPOINT',
        'TAGGING_ENDPOINT',
        'TABLE_WHITELIST',
        'KAFKA_BROKERS',
      ]),
    );
  });
});
