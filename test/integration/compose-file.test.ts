import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configEnvVars } from '../../src/config/reference.js';
import {
  type ComposeFile,
  connectorServices,
  IMAGE_ENV_VARS,
  loadCompose,
  validateCompose,
} from '../support/compose-file.js';
import { uniqueName } from '../support/names.js';

const FILES = ['docker-compose.yml', 'docker/compose.secured.yml'];

/** Host side of each bind mount, relative to the compose file as compose reads it. */
const mountSources = (file: string, volumes: string[] = []) =>
  volumes.map((v) => resolve(dirname(file), v.split(':')[0] as string));

describe('compose files', () => {
  it.each(FILES)('%s is valid by the Compose Specification', { timeout: 180_000 }, async (file) => {
    const result = await validateCompose(file);
    expect(result.ok, result.output).toBe(true);
  });

  it('the validator says no to a broken file, so its yes means something', async () => {
    const broken = join(tmpdir(), `${uniqueName('compose')}.yml`);
    writeFileSync(broken, 'services:\n  connector:\n    image: x\n    enviroment:\n      A: b\n');
    const result = await validateCompose(broken);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('enviroment');
  });

  it.each(FILES)('%s gives the connector only variables the image reads', async (file) => {
    const compose = await loadCompose(file);
    const services = connectorServices(compose);
    expect(services.length, 'a connector service').toBeGreaterThan(0);
    const known = new Set([...configEnvVars(), ...IMAGE_ENV_VARS]);
    for (const [name, service] of services) {
      const unknown = Object.keys(service.environment ?? {}).filter((v) => !known.has(v));
      expect(unknown, `${file}: ${name}`).toEqual([]);
      for (const source of mountSources(file, service.volumes)) {
        expect(existsSync(source), `${file}: ${name} mounts ${source}`).toBe(true);
      }
    }
  });

  it('docker-compose.yml: the demo runs in order, with a connector config that loads', async () => {
    const compose: ComposeFile = await loadCompose('docker-compose.yml');
    const { kafka, connector, 'demo-table': table, 'demo-changes': changes } = compose.services;
    // The tests' servers stay as scripts/stack has them: same versions, same host ports.
    expect(kafka?.image).toBe('apache/kafka:4.4.0');
    expect(kafka?.ports).toEqual(['127.0.0.1:19092:19092']);
    expect(compose.services['dynamodb-local']?.ports).toEqual(['127.0.0.1:18000:8000']);
    expect(compose.services.moto?.ports).toEqual(['127.0.0.1:15000:5000']);
    expect(kafka?.healthcheck).toBeDefined();
    expect(connector?.depends_on).toEqual({
      kafka: { condition: 'service_healthy' },
      'demo-table': { condition: 'service_completed_successfully' },
    });
    expect(changes?.depends_on).toEqual({ connector: { condition: 'service_healthy' } });
    expect(table?.command).toEqual(['node', 'demo/demo-table.mjs', 'create']);
    for (const source of [table, changes].flatMap((s) =>
      mountSources('docker-compose.yml', s?.volumes),
    )) {
      expect(existsSync(source), source).toBe(true);
    }
    // The values, not only the names: the connector's env and mounted file make a valid config.
    const env = Object.fromEntries(
      Object.entries(connector?.environment ?? {}).map(([k, v]) => [k, v ?? '']),
    );
    const config = loadConfig('docker/demo-config.json', env);
    expect(config.tables.whitelist).toEqual([table?.environment?.DEMO_TABLE]);
    expect(config.initSync.delayMs).toBe(0);
    expect(config.kafka.brokers).toEqual(['kafka:9092']);
  });

  it('docker/compose.secured.yml: every secret a file, every *_FILE variable a declared secret', async () => {
    const compose = await loadCompose('docker/compose.secured.yml');
    const [[, service] = []] = connectorServices(compose);
    const declared = Object.keys(compose.secrets ?? {});
    expect(service?.secrets?.sort()).toEqual(declared.sort());
    const env = service?.environment ?? {};
    const fileVars = Object.entries(env).filter(([k]) => k.endsWith('_FILE'));
    expect(fileVars.length).toBeGreaterThan(0);
    for (const [name, value] of fileVars) {
      expect(
        declared.map((s) => `/run/secrets/${s}`),
        name,
      ).toContain(value);
    }
    // No secret value written into the file itself.
    for (const name of ['KAFKA_SASL_PASSWORD', 'KAFKA_SSL_KEY_PASSWORD', 'AWS_SECRET_ACCESS_KEY']) {
      expect(env[name] ?? null, name).toBeNull();
    }
    expect(env).toMatchObject({ KAFKA_SSL_ENABLED: 'true', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512' });
  });
});
