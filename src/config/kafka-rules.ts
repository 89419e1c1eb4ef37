import type { Config } from './config-type.js';

export type KafkaConfig = Config['kafka'];

const set = (v: unknown) => v !== null && !(Array.isArray(v) && v.length === 0);

/** Keys that only mean something with one mechanism, so a key set for another one is an error. */
const SASL_KEYS: Record<string, (s: KafkaConfig['sasl']) => unknown> = {
  'kafka.sasl.username': (s) => s.username,
  'kafka.sasl.password': (s) => s.password,
  'kafka.sasl.passwordFile': (s) => s.passwordFile,
  'kafka.sasl.awsRegion': (s) => s.awsRegion,
  'kafka.sasl.oauthbearer.token': (s) => s.oauthbearer.token,
  'kafka.sasl.oauthbearer.tokenFile': (s) => s.oauthbearer.tokenFile,
  'kafka.sasl.oauthbearer.tokenEndpointUrl': (s) => s.oauthbearer.tokenEndpointUrl,
  'kafka.sasl.oauthbearer.clientId': (s) => s.oauthbearer.clientId,
  'kafka.sasl.oauthbearer.clientSecret': (s) => s.oauthbearer.clientSecret,
  'kafka.sasl.oauthbearer.clientSecretFile': (s) => s.oauthbearer.clientSecretFile,
  'kafka.sasl.oauthbearer.scope': (s) => s.oauthbearer.scope,
  'kafka.sasl.oauthbearer.extensions': (s) => s.oauthbearer.extensions,
};

const USED_BY: Record<string, string[]> = {
  PLAIN: ['kafka.sasl.username', 'kafka.sasl.password', 'kafka.sasl.passwordFile'],
  'SCRAM-SHA-256': ['kafka.sasl.username', 'kafka.sasl.password', 'kafka.sasl.passwordFile'],
  'SCRAM-SHA-512': ['kafka.sasl.username', 'kafka.sasl.password', 'kafka.sasl.passwordFile'],
  OAUTHBEARER: Object.keys(SASL_KEYS).filter((k) => k.startsWith('kafka.sasl.oauthbearer.')),
  AWS_MSK_IAM: ['kafka.sasl.awsRegion'],
  none: [],
};

/** Exactly one of a secret and its file. */
function oneOf(
  problems: string[],
  keys: [string, string],
  values: [unknown, unknown],
  required: boolean,
): void {
  if (set(values[0]) && set(values[1]))
    problems.push(`config: ${keys[1]}: set only one of ${keys[0]} and ${keys[1]}`);
  else if (required && !set(values[0]) && !set(values[1]))
    problems.push(`config: ${keys[0]}: required (or ${keys[1]})`);
}

/**
 * Rules across keys of the kafka section, one line per problem as loadConfig reports them.
 * A key that would be ignored is an error too: a user who set it believes it is in force.
 */
export function kafkaProblems(kafka: KafkaConfig): string[] {
  const problems: string[] = [];
  const { ssl, sasl } = kafka;
  if (!ssl.enabled) {
    for (const [key, value] of [
      ['caFile', ssl.caFile],
      ['certFile', ssl.certFile],
      ['keyFile', ssl.keyFile],
      ['keyPassword', ssl.keyPassword],
      ['keyPasswordFile', ssl.keyPasswordFile],
      ['serverName', ssl.serverName],
    ] as const) {
      if (set(value))
        problems.push(`config: kafka.ssl.${key}: set, but kafka.ssl.enabled is false`);
    }
    if (!ssl.rejectUnauthorized)
      problems.push('config: kafka.ssl.rejectUnauthorized: set, but kafka.ssl.enabled is false');
  }
  if (set(ssl.certFile) !== set(ssl.keyFile)) {
    const missing = set(ssl.certFile) ? 'kafka.ssl.keyFile' : 'kafka.ssl.certFile';
    problems.push(
      `config: ${missing}: required with ${missing === 'kafka.ssl.keyFile' ? 'kafka.ssl.certFile' : 'kafka.ssl.keyFile'}`,
    );
  }
  oneOf(
    problems,
    ['kafka.ssl.keyPassword', 'kafka.ssl.keyPasswordFile'],
    [ssl.keyPassword, ssl.keyPasswordFile],
    false,
  );
  if (!set(ssl.keyFile) && (set(ssl.keyPassword) || set(ssl.keyPasswordFile)))
    problems.push('config: kafka.ssl.keyPassword: set, but there is no kafka.ssl.keyFile');

  const used = new Set(USED_BY[sasl.mechanism] ?? []);
  for (const [key, get] of Object.entries(SASL_KEYS)) {
    if (set(get(sasl)) && !used.has(key))
      problems.push(`config: ${key}: set, but kafka.sasl.mechanism is ${sasl.mechanism}`);
  }
  if (sasl.mechanism === 'PLAIN' || sasl.mechanism.startsWith('SCRAM-')) {
    if (!set(sasl.username))
      problems.push(`config: kafka.sasl.username: required with ${sasl.mechanism}`);
    oneOf(
      problems,
      ['kafka.sasl.password', 'kafka.sasl.passwordFile'],
      [sasl.password, sasl.passwordFile],
      true,
    );
  }
  if (sasl.mechanism === 'OAUTHBEARER') {
    const o = sasl.oauthbearer;
    const sources = [o.token, o.tokenFile, o.tokenEndpointUrl].filter(set).length;
    if (sources !== 1)
      problems.push(
        'config: kafka.sasl.oauthbearer: set exactly one of token, tokenFile and tokenEndpointUrl',
      );
    if (set(o.tokenEndpointUrl)) {
      if (!set(o.clientId))
        problems.push('config: kafka.sasl.oauthbearer.clientId: required with tokenEndpointUrl');
      oneOf(
        problems,
        ['kafka.sasl.oauthbearer.clientSecret', 'kafka.sasl.oauthbearer.clientSecretFile'],
        [o.clientSecret, o.clientSecretFile],
        true,
      );
    } else {
      for (const key of ['clientId', 'clientSecret', 'clientSecretFile', 'scope'] as const) {
        if (set(o[key]))
          problems.push(
            `config: kafka.sasl.oauthbearer.${key}: set, but there is no tokenEndpointUrl`,
          );
      }
    }
  }
  return problems;
}

/** Settings that work but weaken security: warned about at every start, never silently. */
export function kafkaWarnings(kafka: KafkaConfig): string[] {
  const warnings: string[] = [];
  if (kafka.ssl.enabled && !kafka.ssl.rejectUnauthorized)
    warnings.push(
      'kafka.ssl.rejectUnauthorized is false: broker certificates are NOT verified, anyone between the worker and Kafka can read and change the data',
    );
  if (kafka.sasl.mechanism !== 'none' && !kafka.ssl.enabled)
    warnings.push(
      `kafka.sasl.mechanism ${kafka.sasl.mechanism} without kafka.ssl.enabled: credentials and data cross the network unencrypted`,
    );
  return warnings;
}
