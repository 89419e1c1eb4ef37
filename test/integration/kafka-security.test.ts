import {
  AclOperations,
  AclPermissionTypes,
  Admin,
  ResourcePatternTypes,
  ResourceTypes,
} from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../support/clients.js';
import { type ConfigObject, topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { waitForTopicQuiet } from '../support/pipeline-topic.js';
import {
  mtlsKafka,
  oauthTokenFileKafka,
  saslKafka,
  security,
  startTokenEndpoint,
} from '../support/secured-kafka.js';
import { createTable, deleteItem, putItem, updateItem } from '../support/tables.js';
import { createTopic } from '../support/topics.js';
import { expectVerified, logged, runCli, startWorker } from '../support/worker-process.js';

const ITEMS = 20;

/** A table with a stream, its snapshot copied and a few changes streamed through `kafka`. */
async function copyThrough(kafka: ConfigObject): Promise<{ table: string; config: string }> {
  const table = uniqueName('secured');
  await createTable({
    name: table,
    hashKey: { name: 'pk', type: 'S' },
    streamViewType: 'NEW_AND_OLD_IMAGES',
  });
  for (let i = 0; i < ITEMS; i++) await putItem(table, smallItem(i));
  const config = writeConnectorConfig({ tables: { whitelist: [table] }, kafka });
  const worker = startWorker(config);
  await worker.waitForLog(logged('sync caught up', { table }), 90_000);
  const keyOf = (i: number) => ({ pk: smallItem(i).pk as { S: string } });
  await updateItem(table, keyOf(1), { v: { N: '101' } });
  await putItem(table, smallItem(ITEMS));
  await deleteItem(table, keyOf(2));
  // Snapshot, the three changes and the delete's tombstone (the loads are before the cut).
  await waitForTopicQuiet(topicFor(table), { atLeast: ITEMS + 4, quietMs: 2000 });
  expect(
    worker.logs.filter((l) => l.level === 'error'),
    worker.tail(),
  ).toEqual([]);
  expect(await worker.stop()).toBe(0);
  // No runtime warnings (deprecations, negative timeouts, TLS): on every supported Node.
  expect(worker.stderr, 'the worker printed on stderr').toBe('');
  await expectVerified(config, table);
  return { table, config };
}

/** `verify` of `table` through another listener or mechanism: it reads the topic with it. */
async function verifyThrough(table: string, kafka: ConfigObject): Promise<void> {
  await expectVerified(writeConnectorConfig({ tables: { whitelist: [table] }, kafka }), table);
}

describe('secured Kafka listeners', () => {
  it('copies a table through SASL_SSL with SCRAM-SHA-512; verify reads it with SCRAM-SHA-256, PLAIN and OAUTHBEARER', {
    timeout: 240_000,
  }, async () => {
    const { table } = await copyThrough(saslKafka('SCRAM-SHA-512'));
    await verifyThrough(table, saslKafka('SCRAM-SHA-256'));
    await verifyThrough(table, saslKafka('PLAIN'));
    await verifyThrough(table, oauthTokenFileKafka());
    const idp = await startTokenEndpoint('connector-client', 'client-secret-1');
    try {
      const s = security();
      await verifyThrough(table, {
        brokers: [s.saslSslBrokers],
        ssl: { enabled: true, caFile: s.caFile },
        sasl: {
          mechanism: 'OAUTHBEARER',
          oauthbearer: {
            tokenEndpointUrl: idp.url,
            clientId: 'connector-client',
            clientSecret: 'client-secret-1',
          },
        },
      });
      expect(idp.requests.length).toBeGreaterThan(0);
    } finally {
      await idp.close();
    }
  });

  it('copies a table through TLS with a client certificate (encrypted key); verify reads it with the plain key', {
    timeout: 180_000,
  }, async () => {
    const { table } = await copyThrough(mtlsKafka(true));
    await verifyThrough(table, mtlsKafka(false));
  });
});

describe('Kafka connection failures', () => {
  const WRONG = `wrong-${uniqueName('pw')}`;
  it.each([
    {
      name: 'wrong password',
      kafka: () => saslKafka('SCRAM-SHA-512', WRONG),
      cause: /SASL authentication failed \(broker 127\.0\.0\.1:\d+\): .*invalid credentials/,
    },
    {
      name: 'a CA that did not sign the broker certificate',
      kafka: () => ({
        ...saslKafka('SCRAM-SHA-512'),
        ssl: { enabled: true, caFile: security().otherCaFile },
      }),
      cause: /TLS with the broker failed \(broker 127\.0\.0\.1:\d+\): self-signed certificate/,
    },
    {
      name: 'a plaintext client against the TLS port',
      kafka: () => ({ brokers: [security().sslBrokers] }),
      cause: /the broker \(broker 127\.0\.0\.1:\d+\) expects TLS, but kafka\.ssl\.enabled is false/,
    },
    {
      name: 'a TLS client against the plaintext port',
      kafka: () => ({
        brokers: endpoints().kafkaBrokers.split(','),
        ssl: { enabled: true, caFile: security().caFile },
      }),
      cause: /TLS handshake failed \(broker 127\.0\.0\.1:\d+\): the listener does not speak TLS/,
    },
    {
      name: 'an unreachable broker',
      kafka: () => ({ brokers: ['127.0.0.1:1'], retryTimeoutMs: 2000 }),
      cause: /cannot reach the broker \(broker 127\.0\.0\.1:1\): connect ECONNREFUSED/,
    },
  ])(
    '$name: exit 1 within 30 s with one clear line, no secret in the output',
    async ({ kafka, cause }) => {
      const started = Date.now();
      const out = await runCli(
        ['run', '--config', writeConnectorConfig({ kafka: kafka() })],
        45_000,
      );
      const elapsed = Date.now() - started;
      const output = out.stdout + out.stderr;
      const context = `exit ${out.code} after ${elapsed} ms\n${output}`;
      expect(out.code, context).toBe(1);
      expect(elapsed, context).toBeLessThan(30_000);
      const failures = output.split('\n').filter((l) => l.includes('"worker failed"'));
      expect(failures, context).toHaveLength(1);
      expect(JSON.parse(failures[0] as string).error, context).toMatch(cause);
      for (const secret of [security().password, WRONG, security().clientKeyPassphrase])
        expect(output, 'a secret was printed').not.toContain(secret);
      expect(output, 'a stack trace was printed').not.toContain('    at ');
    },
  );

  it('certificate verification switched off: it connects, and says so at start', async () => {
    const s = security();
    const config = writeConnectorConfig({
      kafka: {
        ...saslKafka('SCRAM-SHA-512'),
        ssl: { enabled: true, caFile: s.otherCaFile, rejectUnauthorized: false },
      },
    });
    const worker = startWorker(config);
    const started = await worker.waitForLog(logged('worker started'), 30_000);
    const warning = worker.logs.find(logged('insecure setting'));
    expect(warning?.level, worker.tail()).toBe('warn');
    expect(String(warning?.warning)).toMatch(/rejectUnauthorized is false/);
    expect(worker.logs.indexOf(warning as never)).toBeLessThan(worker.logs.indexOf(started));
    await worker.stop();
  });

  it('a topic the user may not write to: the task fails with the reason, the worker keeps running', async () => {
    const table = uniqueName('denied');
    await createTable({
      name: table,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    await putItem(table, smallItem(0));
    const topic = topicFor(table);
    await createTopic(topic);
    const admin = new Admin({
      clientId: 'acl-test',
      bootstrapBrokers: endpoints().kafkaBrokers.split(','),
    });
    const acl = (operation: number, permissionType: number) => ({
      resourceType: ResourceTypes.TOPIC,
      resourceName: topic,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: `User:${security().username}`,
      host: '*',
      operation: operation as never,
      permissionType: permissionType as never,
    });
    try {
      // DESCRIBE allowed, so the failure is the write itself, not the metadata lookup.
      await admin.createAcls({
        creations: [
          acl(AclOperations.WRITE, AclPermissionTypes.DENY),
          acl(AclOperations.DESCRIBE, AclPermissionTypes.ALLOW),
        ],
      });
    } finally {
      await admin.close();
    }
    const worker = startWorker(
      writeConnectorConfig({ tables: { whitelist: [table] }, kafka: saslKafka('SCRAM-SHA-512') }),
    );
    const failed = await worker.waitForLog(logged('task failed', { table }), 30_000);
    expect(String(failed.error)).toMatch(
      new RegExp(`${topic}.*not authorized.*TOPIC_AUTHORIZATION_FAILED`),
    );
    expect(worker.isRunning).toBe(true);
    await worker.stop();
  });
});
