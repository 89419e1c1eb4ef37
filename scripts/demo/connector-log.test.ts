import { describe, expect, it } from 'vitest';
import { connectorLogLine } from './connector-log.js';
import { palette } from './console.js';

const log = (entry: object) => JSON.stringify({ level: 'info', timestamp: 't', ...entry });

describe('connectorLogLine', () => {
  it.each<{
    name: string;
    raw: string;
    expected: { text?: string; phase?: string; statusPage?: string };
  }>([
    {
      name: 'a lifecycle message with its fields, minus the usual ones',
      raw: log({ message: 'task started', connector: 'c', table: 't', generation: 1, tags: ['a'] }),
      expected: { text: 'task started generation=1 tags=["a"]' },
    },
    {
      name: 'a lifecycle message without fields',
      raw: log({ message: 'sync caught up', counters: { n: 1 } }),
      expected: { text: 'sync caught up' },
    },
    {
      name: 'a phase change, which also gives the phase',
      raw: log({ message: 'phase changed', from: 'INIT_SYNC', to: 'SYNC' }),
      expected: { text: 'phase changed: INIT_SYNC → SYNC', phase: 'SYNC' },
    },
    {
      name: 'the first phase change',
      raw: log({ message: 'phase changed', to: 'INIT_SYNC' }),
      expected: { text: 'phase changed: (start) → INIT_SYNC', phase: 'INIT_SYNC' },
    },
    {
      name: 'the HTTP server: the status page address',
      raw: log({ message: 'http listening', host: '127.0.0.1', port: 40123 }),
      expected: {
        text: 'status page http://127.0.0.1:40123/ui',
        statusPage: 'http://127.0.0.1:40123/ui',
      },
    },
    { name: 'routine info: hidden', raw: log({ message: 'batch sent', n: 3 }), expected: {} },
    {
      name: "the connector's warning",
      raw: log({ level: 'warn', message: 'retrying', attempt: 2 }),
      expected: { text: 'warn: retrying attempt=2' },
    },
    {
      name: "the Kafka client's own retry: hidden (it retries by itself)",
      raw: log({ level: 'warn', message: 'kafka request retrying', component: 'kafka' }),
      expected: {},
    },
    {
      name: 'an error, even from the Kafka client',
      raw: log({ level: 'error', message: 'broken', component: 'kafka' }),
      expected: { text: 'error: broken component=kafka' },
    },
    {
      name: 'not JSON (a crash trace): as it is',
      raw: '    at main (dist/main.js:1:1)',
      expected: { text: '    at main (dist/main.js:1:1)' },
    },
    { name: 'JSON but not an object: as it is', raw: '[1]', expected: { text: '[1]' } },
  ])('$name', ({ raw, expected }) => {
    expect(connectorLogLine(raw, palette(false))).toEqual(expected);
  });
});
