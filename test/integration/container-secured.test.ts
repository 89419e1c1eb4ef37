import { chmodSync, copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../support/clients.js';
import { connectorServices, interpolate, loadCompose } from '../support/compose-file.js';
import { topicFor } from '../support/connector-config.js';
import {
  BUILD_MS,
  ensureImage,
  freePort,
  IMAGE,
  inspect,
  waitForContainerLog,
} from '../support/container.js';
import { decodeRecords, smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { PODMAN_RUN_FLAGS, podman, removeAfterTest } from '../support/podman.js';
import { security } from '../support/secured-kafka.js';
import { createTable, putItem } from '../support/tables.js';

const ITEMS = 5;

describe('docker/compose.secured.yml', () => {
  it('its connector service, run as compose would run it, copies a table over SASL_SSL', {
    timeout: BUILD_MS + 180_000,
  }, async () => {
    await ensureImage();
    const s = security();
    const table = uniqueName('ctr-secured');
    await createTable({
      name: table,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_IMAGE',
    });
    for (let i = 0; i < ITEMS; i += 1) await putItem(table, smallItem(i));

    const compose = await loadCompose('docker/compose.secured.yml');
    const [[, service] = []] = connectorServices(compose);
    if (!service) throw new Error('no connector service');
    const name = uniqueName('ctr-secured');
    // What the header tells a user to export, with the stack's SASL_SSL listener and user.
    const shell: Record<string, string> = {
      CONNECTOR_NAME: name,
      TABLE_WHITELIST: table,
      KAFKA_BROKERS: s.saslSslBrokers,
      KAFKA_SASL_USERNAME: s.username,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
    const env = Object.entries(service.environment ?? {}).flatMap(([k, v]) => {
      const value = v === null ? shell[k] : interpolate(v, shell);
      return value === undefined ? [] : ['-e', `${k}=${value}`];
    });
    // The secrets as compose hands them over: files under /run/secrets, readable by uid 1000.
    const dir = mkdtempSync(join(tmpdir(), 'dkc-secrets-'));
    const contents: Record<string, (path: string) => void> = {
      'kafka-ca': (path) => copyFileSync(s.caFile, path),
      'kafka-password': (path) => writeFileSync(path, s.password),
    };
    const mounts = (service.secrets ?? []).flatMap((secret) => {
      const write = contents[secret];
      if (!write) throw new Error(`the test has no content for secret ${secret}`);
      const path = join(dir, secret);
      write(path);
      chmodSync(path, 0o644);
      return ['-v', `${path}:/run/secrets/${secret}:ro`];
    });
    // What the test adds: DynamoDB Local for AWS, a free port, and the demo's config file, so the
    // snapshot starts at once rather than after initSync.delayMs' 60 s.
    const added = [
      '-v',
      `${resolve('docker/demo-config.json')}:/etc/dynamodb-kafka-connect/config.json:ro`,
      '-e',
      `DYNAMODB_ENDPOINT=${endpoints().dynamodbEndpoint}`,
      '-e',
      `HTTP_PORT=${await freePort()}`,
    ];
    removeAfterTest(name);
    await podman([
      'run',
      '-d',
      '--name',
      name,
      '--network',
      'host',
      ...PODMAN_RUN_FLAGS,
      ...env,
      ...added,
      ...mounts,
      IMAGE,
    ]);

    await waitForContainerLog(name, 'sync caught up', { table });
    const records = decodeRecords(await readSettledTopic(topicFor(table), { atLeast: ITEMS }));
    expect(records.filter((r) => r.envelope?.op === 'r').length).toBe(ITEMS);
    // The password reached the worker as a file only: it is nowhere in the container's config.
    expect(await inspect(name, '{{json .Config.Env}}')).not.toContain(s.password);

    await podman(['stop', name], 60_000);
    expect(await inspect(name, '{{.State.ExitCode}}')).toBe('0');
  });
});
