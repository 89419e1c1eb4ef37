import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { kafkaWarnings } from './kafka-rules.js';
import { loadConfig, redacted } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'dkc-kafka-rules-'));
const pem = join(dir, 'ca.pem');
writeFileSync(pem, '-----BEGIN CERTIFICATE-----\n');
let n = 0;
function problems(kafka: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  const path = join(dir, `c${n++}.json`);
  writeFileSync(path, JSON.stringify({ kafka }));
  try {
    loadConfig(path, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

const SECRET = 's3cr3t-Pa55';
const scram = { mechanism: 'SCRAM-SHA-512', username: 'connector', password: SECRET };

describe('kafka security settings', () => {
  it.each([
    { name: 'TLS with a CA file', kafka: { ssl: { enabled: true, caFile: pem } }, lines: [] },
    { name: 'SCRAM over TLS', kafka: { ssl: { enabled: true }, sasl: scram }, lines: [] },
    {
      name: 'a CA file while TLS is off is not silently ignored',
      kafka: { ssl: { caFile: pem } },
      lines: ['config: kafka.ssl.caFile: set, but kafka.ssl.enabled is false'],
    },
    {
      name: 'a file that cannot be read',
      kafka: { ssl: { enabled: true, caFile: '/nonexistent/ca.pem' } },
      lines: [
        expect.stringMatching(
          /^config: kafka\.ssl\.caFile: cannot read \/nonexistent\/ca\.pem \(ENOENT\)/,
        ),
      ],
    },
    {
      name: 'a certificate without its key',
      kafka: { ssl: { enabled: true, certFile: pem } },
      lines: ['config: kafka.ssl.keyFile: required with kafka.ssl.certFile'],
    },
    {
      name: 'SCRAM without a user name or password',
      kafka: { sasl: { mechanism: 'SCRAM-SHA-256' } },
      lines: [
        'config: kafka.sasl.username: required with SCRAM-SHA-256',
        'config: kafka.sasl.password: required (or kafka.sasl.passwordFile)',
      ],
    },
    {
      name: 'a password and a password file',
      kafka: { sasl: { ...scram, passwordFile: pem } },
      lines: [
        'config: kafka.sasl.passwordFile: set only one of kafka.sasl.password and kafka.sasl.passwordFile',
      ],
    },
    {
      name: 'a password without a mechanism',
      kafka: { sasl: { password: SECRET } },
      lines: ['config: kafka.sasl.password: set, but kafka.sasl.mechanism is none'],
    },
    {
      name: 'an unknown mechanism',
      kafka: { sasl: { mechanism: 'GSSAPI' } },
      lines: [
        expect.stringMatching(/^config: kafka\.sasl\.mechanism: must be one of "none", "PLAIN"/),
      ],
    },
    {
      name: 'OAUTHBEARER needs exactly one token source',
      kafka: { sasl: { mechanism: 'OAUTHBEARER', oauthbearer: { token: 't', tokenFile: pem } } },
      lines: [
        'config: kafka.sasl.oauthbearer: set exactly one of token, tokenFile and tokenEndpointUrl',
      ],
    },
    {
      name: 'OAUTHBEARER token endpoint needs a client id and secret',
      kafka: {
        sasl: {
          mechanism: 'OAUTHBEARER',
          oauthbearer: { tokenEndpointUrl: 'https://idp.example/token' },
        },
      },
      lines: [
        'config: kafka.sasl.oauthbearer.clientId: required with tokenEndpointUrl',
        'config: kafka.sasl.oauthbearer.clientSecret: required (or kafka.sasl.oauthbearer.clientSecretFile)',
      ],
    },
    {
      name: 'AWS_MSK_IAM needs nothing more',
      kafka: { ssl: { enabled: true }, sasl: { mechanism: 'AWS_MSK_IAM' } },
      lines: [],
    },
    {
      name: 'a boolean given as a string is refused, not read as true',
      kafka: { ssl: { enabled: 'no' } },
      lines: [expect.stringMatching(/^config: kafka\.ssl\.enabled: must be true or false/)],
    },
  ])('$name', ({ kafka, lines }) => {
    expect(problems(kafka)).toEqual(lines);
  });

  it('takes every security key from env vars too', () => {
    const config = loadConfig(undefined, {
      KAFKA_SSL_ENABLED: 'true',
      KAFKA_SSL_CA_FILE: pem,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'connector',
      KAFKA_SASL_PASSWORD_FILE: pem,
      KAFKA_COMPRESSION: 'zstd',
    });
    expect(config.kafka.ssl).toMatchObject({ enabled: true, caFile: pem });
    expect(config.kafka.sasl).toMatchObject({ mechanism: 'SCRAM-SHA-512', passwordFile: pem });
    expect(config.kafka.compression).toBe('zstd');
  });

  it('never shows a secret: not in problem lines, not in the logged config', () => {
    const lines = problems({ sasl: { ...scram, password: 12345 } }).join('\n');
    expect(lines).toMatch(/kafka\.sasl\.password/);
    expect(lines).not.toContain('12345');
    const path = join(dir, 'ok.json');
    writeFileSync(path, JSON.stringify({ kafka: { ssl: { enabled: true }, sasl: scram } }));
    expect(JSON.stringify(redacted(loadConfig(path, {})))).not.toContain(SECRET);
  });

  it.each([
    {
      name: 'verified TLS with SCRAM: nothing to warn about',
      kafka: { ssl: { enabled: true }, sasl: scram },
      warnings: 0,
    },
    {
      name: 'certificates not verified',
      kafka: { ssl: { enabled: true, rejectUnauthorized: false } },
      warnings: 1,
    },
    { name: 'a password over plaintext', kafka: { sasl: scram }, warnings: 1 },
  ])('warns at start: $name', ({ kafka, warnings }) => {
    const path = join(dir, `w${n++}.json`);
    writeFileSync(path, JSON.stringify({ kafka }));
    expect(kafkaWarnings(loadConfig(path, {}).kafka)).toHaveLength(warnings);
  });
});
