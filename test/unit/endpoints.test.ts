import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { endpointsFromEnv } from '../setup/endpoints.js';

const servers = {
  KAFKA_BROKERS: 'k:1',
  DYNAMODB_ENDPOINT: 'http://d',
  TAGGING_ENDPOINT: 'http://t',
};

const security = {
  saslSslBrokers: 'k:2',
  sslBrokers: 'k:3',
  caFile: '/pki/ca.pem',
  otherCaFile: '/pki/other-ca.pem',
  clientCertFile: '/pki/client.pem',
  clientKeyFile: '/pki/client.key',
  encryptedClientKeyFile: '/pki/client-encrypted.key',
  clientKeyPassphrase: 'phrase',
  username: 'connector',
  password: 'secret',
};

const dir = mkdtempSync(join(tmpdir(), 'endpoints-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function jsonFile(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('endpointsFromEnv', () => {
  it('is undefined when none is set, so servers get started', () => {
    expect(endpointsFromEnv({})).toBeUndefined();
  });

  it('uses all three when all are set', () => {
    expect(endpointsFromEnv(servers)).toEqual({
      kafkaBrokers: 'k:1',
      dynamodbEndpoint: 'http://d',
      taggingEndpoint: 'http://t',
      source: 'env',
    });
  });

  it('refuses a half-set environment, naming what is missing', () => {
    expect(() => endpointsFromEnv({ KAFKA_BROKERS: 'k:1' })).toThrow(
      /missing: DYNAMODB_ENDPOINT, TAGGING_ENDPOINT/,
    );
  });

  it("adds the secured listeners from KAFKA_SECURITY_FILE, the stack's kafkaSecurity shape", () => {
    const file = jsonFile('security.json', { ...security, comment: 'ignored' });
    expect(endpointsFromEnv({ ...servers, KAFKA_SECURITY_FILE: file })?.kafkaSecurity).toEqual(
      security,
    );
  });

  it('refuses a security file with keys missing, naming them', () => {
    const { password: _, caFile: __, ...partial } = security;
    const file = jsonFile('partial.json', partial);
    expect(() => endpointsFromEnv({ ...servers, KAFKA_SECURITY_FILE: file })).toThrow(
      /missing or not a string: caFile, password/,
    );
  });

  it('names the file it cannot read', () => {
    const file = join(dir, 'absent.json');
    expect(() => endpointsFromEnv({ ...servers, KAFKA_SECURITY_FILE: file })).toThrow(
      /KAFKA_SECURITY_FILE .*absent\.json/,
    );
  });

  it('refuses KAFKA_SECURITY_FILE without the servers it belongs to', () => {
    expect(() => endpointsFromEnv({ KAFKA_SECURITY_FILE: '/x.json' })).toThrow(/KAFKA_BROKERS/);
  });
});
