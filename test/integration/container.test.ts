import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../support/clients.js';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import {
  BUILD_MS,
  containerLogs,
  ensureBaseImage,
  ensureImage,
  freePort,
  IMAGE,
  imageInfo,
  inspect,
  waitForContainerLog,
} from '../support/container.js';
import { decodeRecords } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import {
  dockerToPodman,
  PODMAN,
  PODMAN_RUN_FLAGS,
  podman,
  removeAfterTest,
  run,
} from '../support/podman.js';
import { readmeCommands } from '../support/readme-commands.js';
import { readAll } from '../support/topics.js';
import { expectVerified, verifyCounts } from '../support/worker-process.js';

const DEFAULT_OFFSETS_TOPIC = 'dynamodb-connect-offsets';

describe('the container image, as the README runs it', () => {
  it('builds, copies a table, is healthy, stops gracefully with its offsets written', {
    timeout: BUILD_MS + 5 * 60_000,
  }, async () => {
    const started = Date.now();
    const name = uniqueName('ctr');
    const table = uniqueName('ctr-orders');
    const port = await freePort();
    // The README's names, made this run's own; `docker` becomes podman as the README says.
    const commands = readmeCommands('container-commands').map((line) =>
      dockerToPodman(
        line
          .replaceAll('orders-cdc', name)
          .replace(/\borders\b/g, table)
          .replace('HTTP_PORT=8083', `HTTP_PORT=${port}`)
          // The stack's default addresses, as the README has them, unless the servers differ.
          .replaceAll('127.0.0.1:19092', endpoints().kafkaBrokers)
          .replaceAll('http://127.0.0.1:18000', endpoints().dynamodbEndpoint),
      ),
    );
    const step = (verb: string, what = '') => {
      const found = commands.find((c) => c.includes(` ${verb} `) && c.includes(what));
      if (!found) throw new Error(`README block: no '${verb}' command ${what}`);
      return found;
    };
    expect(commands.length).toBe(8);
    removeAfterTest(name);

    const baseRef = await ensureBaseImage();
    const build = await run(step('build'), BUILD_MS);
    expect(build.code, build.stdout.slice(-3000) + build.stderr).toBe(0);
    const built = Date.now();

    // What the image promises before it runs: labels, user, probe, and what it weighs.
    const [image, baseImage] = await Promise.all([imageInfo(IMAGE), imageInfo(baseRef)]);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(image.Labels).toMatchObject({
      'org.opencontainers.image.title': IMAGE,
      'org.opencontainers.image.version': pkg.version,
      'org.opencontainers.image.licenses': 'Apache-2.0',
      'org.opencontainers.image.description': pkg.description,
    });
    expect(image.Labels).toHaveProperty('org.opencontainers.image.source');
    expect(image.Config.User).toBe('node');
    expect(image.Config.Env).toContain('HTTP_HOST=0.0.0.0');
    expect(image.Healthcheck?.Test).toEqual(['CMD', 'node', '/app/docker/healthcheck.mjs']);
    const [size, baseSize] = [image.Size, baseImage.Size];
    const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
    console.log(`container: image ${mb(size)}, of which ${mb(size - baseSize)} over ${baseRef}`);
    // The project's own layers: dist, production dependencies, tini. A leftover cache shows here.
    expect(size - baseSize).toBeLessThan(60e6);

    const create = await run(step('run', 'create'), 120_000);
    expect(create.code, create.stderr).toBe(0);
    expect(create.stdout).toContain(`${table} created with 5 orders`);

    const started2 = await run(step('run', `--name ${name}`), 60_000);
    expect(started2.code, started2.stderr).toBe(0);
    const listening = await waitForContainerLog(name, 'http listening', {});
    expect(listening).toMatchObject({ host: '0.0.0.0', port });
    await waitForContainerLog(name, 'sync caught up', { table });

    // Without systemd podman times no healthchecks: run one, then read it as the README does.
    expect((await run([...PODMAN, 'healthcheck', 'run', name])).code).toBe(0);
    const health = await run(step('inspect'));
    expect(health.stdout.trim()).toBe('healthy');
    expect((await podman(['exec', name, 'cat', '/proc/1/comm'])).trim()).toBe('tini');

    const changes = await run(step('run', 'changes'), 120_000);
    expect(changes.code, changes.stderr).toBe(0);
    const records = decodeRecords(
      await readSettledTopic(topicFor(table), { atLeast: 10, quietMs: 3000, timeoutMs: 90_000 }),
    );
    const seen = records.map((r) => {
      const id = (JSON.parse(r.key ?? '{}') as { order_id?: string }).order_id;
      return `${r.envelope?.op ?? 'tombstone'} ${id}`;
    });
    expect(seen.filter((s) => s.startsWith('r ')).sort()).toEqual(
      [1, 2, 3, 4, 5].map((i) => `r order-${i}`),
    );
    for (const change of [
      'c order-6',
      'u order-2',
      'u order-4',
      'd order-3',
      'tombstone order-3',
    ]) {
      expect(seen, change).toContain(change);
    }
    await expectVerified(writeConnectorConfig({ name, tables: { whitelist: [table] } }), table);
    // And the image's own verify, through the entrypoint, as the README suggests.
    const inImage = await run(
      dockerToPodman(
        `docker run --rm --network host -e KAFKA_BROKERS=${endpoints().kafkaBrokers} ` +
          `-e DYNAMODB_ENDPOINT=${endpoints().dynamodbEndpoint} -e AWS_ACCESS_KEY_ID=local ` +
          `-e AWS_SECRET_ACCESS_KEY=local ${IMAGE} verify --table ${table}`,
      ),
      120_000,
    );
    expect(verifyCounts(inImage.stdout, table), inImage.stdout + inImage.stderr).toEqual({
      matching: 5,
      missing: 0,
      extra: 0,
      differing: 0,
    });

    const logs = await run(step('logs'));
    const lines = logs.stdout.trim().split('\n');
    expect(lines.every((l) => l.startsWith('{') && JSON.parse(l).connector === name)).toBe(true);

    const stopping = Date.now();
    const stop = await run(step('stop'), 60_000);
    const stopMs = Date.now() - stopping;
    expect(stop.code, stop.stderr).toBe(0);
    // podman stop waits 10 s before SIGKILL: a graceful stop is well inside that.
    expect(stopMs).toBeLessThan(10_000);
    expect(await inspect(name, '{{.State.ExitCode}}')).toBe('0');
    const final = await containerLogs(name);
    expect(final.some((e) => e.message === 'worker stopped')).toBe(true);
    expect(final.filter((e) => e.level === 'error')).toEqual([]);
    const offsets = (await readAll(DEFAULT_OFFSETS_TOPIC)).filter((r) =>
      r.key?.startsWith(JSON.stringify([name]).slice(0, -1)),
    );
    expect(offsets.length).toBeGreaterThan(0);

    const rm = await run(step('rm'));
    expect(rm.code, rm.stderr).toBe(0);
    console.log(
      `container: build ${((built - started) / 1000).toFixed(0)} s, run to stop ` +
        `${((Date.now() - built) / 1000).toFixed(0)} s, stop ${stopMs} ms, ${records.length} records`,
    );
  });

  it('its healthcheck presents HTTP_AUTH_TOKEN, which /healthz then requires', {
    timeout: BUILD_MS + 60_000,
  }, async () => {
    await ensureImage();
    const name = uniqueName('ctr-token');
    removeAfterTest(name);
    const token = uniqueName('token');
    await podman([
      'run',
      '-d',
      '--name',
      name,
      '--network',
      'host',
      ...PODMAN_RUN_FLAGS,
      '-e',
      `KAFKA_BROKERS=${endpoints().kafkaBrokers}`,
      '-e',
      `DYNAMODB_ENDPOINT=${endpoints().dynamodbEndpoint}`,
      '-e',
      'AWS_ACCESS_KEY_ID=local',
      '-e',
      'AWS_SECRET_ACCESS_KEY=local',
      '-e',
      `CONNECTOR_NAME=${name}`,
      '-e',
      `TABLE_WHITELIST=${uniqueName('absent')}`,
      '-e',
      `HTTP_PORT=${await freePort()}`,
      '-e',
      `HTTP_AUTH_TOKEN=${token}`,
      IMAGE,
    ]);
    await waitForContainerLog(name, 'http listening');
    expect((await run([...PODMAN, 'healthcheck', 'run', name])).code).toBe(0);
    const wrong = await run([
      ...PODMAN,
      'exec',
      '-e',
      'HTTP_AUTH_TOKEN=wrong',
      name,
      'node',
      '/app/docker/healthcheck.mjs',
    ]);
    expect(wrong.code).toBe(1);
    await podman(['stop', name], 60_000);
    expect(await inspect(name, '{{.State.ExitCode}}')).toBe('0');
  });

  it('refuses a named config file that is not there, with exit 2', {
    timeout: 60_000,
  }, async () => {
    const name = uniqueName('ctr-nofile');
    removeAfterTest(name);
    const out = await run(
      dockerToPodman(`docker run --name ${name} -e CONNECTOR_CONFIG_FILE=/nowhere.json ${IMAGE}`),
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('CONNECTOR_CONFIG_FILE=/nowhere.json: no such file');
  });
});
