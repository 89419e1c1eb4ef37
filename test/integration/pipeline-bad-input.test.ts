import { describe, expect, it } from 'vitest';
import { writeConnectorConfig } from '../support/connector-config.js';
import { smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { createTable, putItem } from '../support/tables.js';
import { expectVerified, logged, runCli, startWorker } from '../support/worker-process.js';

describe('bad input', () => {
  it('rejects an invalid config with exit 2 and one line per problem, naming each key', async () => {
    const config = writeConnectorConfig({
      foo: 1,
      initSync: { segments: 'x' },
      kafka: { brokers: [] },
    });
    const out = await runCli(['run', '--config', config], 30_000);
    const lines = out.stderr.split('\n').filter((l) => l.trim() !== '');
    const context = `exit ${out.code}\nstderr:\n${out.stderr}\nstdout:\n${out.stdout}`;
    expect(out.code, context).toBe(2);
    expect(lines.length, context).toBe(3);
    for (const key of ['foo', 'initSync.segments', 'kafka.brokers']) {
      expect(
        lines.filter((l) => l.startsWith(`config: ${key}: `)),
        context,
      ).toHaveLength(1);
    }
    // A user-facing error, not a crash: no stack trace anywhere.
    expect(out.stderr + out.stdout).not.toContain('    at ');
  });

  it('skips missing, stream-less and KEYS_ONLY tables with a warning and copies the good one', {
    timeout: 180_000,
  }, async () => {
    const missing = uniqueName('missing');
    const noStream = uniqueName('no-stream');
    const keysOnly = uniqueName('keys-only');
    const good = uniqueName('good');
    const hashKey = { name: 'pk', type: 'S' } as const;
    await createTable({ name: noStream, hashKey });
    await createTable({ name: keysOnly, hashKey, streamViewType: 'KEYS_ONLY' });
    await createTable({ name: good, hashKey, streamViewType: 'NEW_AND_OLD_IMAGES' });
    for (let i = 0; i < 30; i += 1) {
      await putItem(good, smallItem(i));
      await putItem(noStream, smallItem(i));
      await putItem(keysOnly, smallItem(i));
    }
    const config = writeConnectorConfig({
      tables: { whitelist: [missing, noStream, keysOnly, good] },
    });

    const worker = startWorker(config);
    const reasons = new Map<string, unknown>();
    for (const table of [missing, noStream, keysOnly]) {
      const warning = await worker.waitForLog(logged('table ineligible', { table }), 60_000);
      expect(warning.level).toBe('warn');
      reasons.set(table, warning.reason);
    }
    // Wording is the connector's; each reason must at least say what is wrong with that table.
    expect(String(reasons.get(missing))).toMatch(/not found|not exist|missing|no such/i);
    expect(String(reasons.get(noStream))).toMatch(/stream/i);
    expect(String(reasons.get(keysOnly))).toMatch(/KEYS_ONLY/);

    await worker.waitForLog(logged('phase changed', { table: good, to: 'SYNC' }), 120_000);
    for (const table of [missing, noStream, keysOnly]) {
      expect(worker.logs.filter(logged('task started', { table }))).toEqual([]);
    }
    expect(worker.isRunning).toBe(true);
    await expectVerified(config, good);
  });
});
