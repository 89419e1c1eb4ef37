import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadConfig } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'dkc-config-'));
let n = 0;
function file(content: unknown): string {
  const path = join(dir, `c${n++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function problems(content: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadConfig(file(content), env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('accepts config/example.json', () => {
    expect(loadConfig('config/example.json', {}).tables.whitelist).toEqual(['orders']);
  });

  it.each([
    { name: 'unknown key', content: { foo: 1 }, lines: ['config: foo: unknown key'] },
    {
      name: 'unknown nested key',
      content: { kafka: { broker: 'x' } },
      lines: ['config: kafka.broker: unknown key'],
    },
    {
      name: 'wrong type',
      content: { initSync: { segments: 'x' } },
      lines: ['config: initSync.segments: must be an integer from 1 to 1000000; given "x"'],
    },
    {
      name: 'a key earlier versions had',
      content: { initSync: { streamOverlapMs: 3_600_000 } },
      lines: [
        'config: initSync.streamOverlapMs: removed: the snapshot now reads the stream beside the scan and replays nothing (docs/design/online-snapshot.md); delete the key',
      ],
    },
    {
      name: 'an unknown lost-position policy',
      content: { sync: { onLostPosition: 'ignore' } },
      lines: ['config: sync.onLostPosition: must be one of "resync", "fail"; given "ignore"'],
    },
    {
      name: 'an unknown snapshot mode',
      content: { initSync: { mode: 'sometimes' } },
      lines: [
        'config: initSync.mode: must be one of "initial", "never", "initial_only"; given "sometimes"',
      ],
    },
    {
      name: 'an unknown start position',
      content: { sync: { startPosition: 'earliest' } },
      lines: [
        'config: sync.startPosition: must be one of "trim_horizon", "latest"; given "earliest"',
      ],
    },
    {
      name: 'an unknown mode for one table',
      content: { initSync: { modeOverrides: { audit: 'initial_only', orders: 'once' } } },
      lines: [
        'config: initSync.modeOverrides: "orders": must be one of "initial", "never", "initial_only"; given {"audit":"initial_only","orders":"once"}',
      ],
    },
    {
      name: 'missing brokers',
      content: { kafka: { brokers: [] } },
      lines: ['config: kafka.brokers: must be a non-empty list of host:ports; given []'],
    },
    {
      name: 'several problems, one line each',
      content: { foo: 1, initSync: { segments: 0 }, output: { format: 'avro' } },
      lines: [
        'config: foo: unknown key',
        'config: initSync.segments: must be an integer from 1 to 1000000; given 0',
        'config: output.format: must be one of "envelope", "new_image"; given "avro"',
      ],
    },
    {
      name: 'not JSON',
      content: '{ nope',
      lines: [expect.stringMatching(/^config: --config: .* is not valid JSON/)],
    },
    {
      name: 'not an object',
      content: '[1]',
      lines: [expect.stringMatching(/must hold an object of config keys$/)],
    },
  ])('$name', ({ content, lines }) => {
    expect(problems(content)).toEqual(lines);
  });

  it('takes env vars over the file, lists comma-separated', () => {
    const config = loadConfig(file({ kafka: { brokers: ['file:1'] } }), {
      KAFKA_BROKERS: 'a:1, b:2',
      TABLE_WHITELIST: 'table1,table2',
      INIT_SYNC_SEGMENTS: '8',
      OUTPUT_TOMBSTONES: 'false',
      KAFKA_TOPIC_CONFIG: '["cleanup.policy=compact,delete"]',
      CONNECTOR_NAME: 'from-env',
    });
    expect(config.kafka.brokers).toEqual(['a:1', 'b:2']);
    expect(config.tables.whitelist).toEqual(['table1', 'table2']);
    expect(config.initSync.segments).toBe(8);
    expect(config.output.tombstones).toBe(false);
    expect(config.kafka.topicConfig).toEqual(['cleanup.policy=compact,delete']);
    expect(config.name).toBe('from-env');
  });

  it('takes a mode per table', () => {
    const config = loadConfig(file({ initSync: { modeOverrides: { audit: 'initial_only' } } }), {});
    expect(config.initSync.modeOverrides).toEqual({ audit: 'initial_only' });
  });

  it('reads YAML as the same config', () => {
    expect(loadConfig('config/example.yaml', {})).toEqual(loadConfig('config/example.json', {}));
  });

  it('reports a missing file by its option', () => {
    expect(() => loadConfig('/nonexistent.json', {})).toThrow(/config: --config: file not found/);
  });
});
