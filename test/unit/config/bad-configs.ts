/**
 * Bad configs a user could write, one problem each: what was given (a file, an env var, or
 * both) and the key the one refusal must name. Each was, before the strict loader, either
 * started (and then misbehaved) or refused with a message that echoed what it should not.
 */
export interface BadConfig {
  name: string;
  /** The file's content: an object (written as JSON or YAML) or raw text. */
  file?: object | string;
  ext?: 'json' | 'yaml' | 'yml';
  env?: Record<string, string>;
  /** Named in the problem line: a config key, or `--config` for the file itself. */
  key: string;
  /** Must not appear in the output (besides the secrets every case carries). */
  secret?: string;
}

/** Set in every file case, valid, so any echo of the file would show them. */
export const SECRETS = {
  accessKeyId: 'AKIAFILEKEYEXAMPLE01',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY1',
  authToken: 'tok-9f8e7d6c5b4a39281706',
};

const f = (name: string, key: string, file: object | string, extra: Partial<BadConfig> = {}) => ({
  name,
  key,
  file,
  ...extra,
});
const e = (name: string, key: string, env: Record<string, string>, secret?: string) => ({
  name,
  key,
  env,
  secret,
});

export const BAD_CONFIGS: BadConfig[] = [
  // The ones found starting a worker (issue 12).
  f('segments as a string', 'initSync.segments', { initSync: { segments: '4' } }),
  f('brokers as one string', 'kafka.brokers', { kafka: { brokers: '127.0.0.1:9092' } }),
  f('whitelist as a string', 'tables.whitelist', { tables: { whitelist: 'orders' } }),
  f('tombstones "no"', 'output.tombstones', { output: { tombstones: 'no' } }),
  f('segments 1e20', 'initSync.segments', { initSync: { segments: 1e20 } }),
  f('idle poll 1e10 ms (a busy loop)', 'sync.idlePollMs', { sync: { idlePollMs: 1e10 } }),
  f('shutdown timeout 1e12 ms', 'shutdownTimeoutMs', { shutdownTimeoutMs: 1e12 }),
  f('a broker without a port', 'kafka.brokers', { kafka: { brokers: ['localhost'] } }),
  f('topic config as an object', 'kafka.topicConfig', {
    kafka: { topicConfig: { 'cleanup.policy': 'compact' } },
  }),
  f(
    'secret access key as a number',
    'aws.secretAccessKey',
    {
      aws: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 987654321 },
    },
    { secret: '987654321' },
  ),
  // Numbers out of range or of the wrong kind.
  f('zero segments', 'initSync.segments', { initSync: { segments: 0 } }),
  f('segments 1.5', 'initSync.segments', { initSync: { segments: 1.5 } }),
  f('segments above DynamoDB’s 1,000,000', 'initSync.segments', {
    initSync: { segments: 1_000_001 },
  }),
  f('negative delay', 'initSync.delayMs', { initSync: { delayMs: -1 } }),
  f('page size 0', 'initSync.pageSize', { initSync: { pageSize: 0 } }),
  f('read fraction above 1', 'initSync.readCapacityFraction', {
    initSync: { readCapacityFraction: 1.5 },
  }),
  f('read fraction 0', 'initSync.readCapacityFraction', { initSync: { readCapacityFraction: 0 } }),
  f('negative capacity cap', 'initSync.maxReadCapacityUnits', {
    initSync: { maxReadCapacityUnits: -5 },
  }),
  f('a key earlier versions had', 'initSync.streamOverlapMs', {
    initSync: { streamOverlapMs: 1000 },
  }),
  f('safe zone beyond the 24 h a stream keeps', 'sync.safeZoneMs', {
    sync: { safeZoneMs: 90_000_000 },
  }),
  f('stall after 3e9 ms', 'stall.afterMs', { stall: { afterMs: 3e9 } }),
  f('zero restart backoff cap', 'tasks.restartMaxMs', { tasks: { restartMaxMs: 0 } }),
  f('port 70000', 'http.port', { http: { port: 70_000 } }),
  f('port as a string', 'http.port', { http: { port: '8083' } }),
  f('no partitions', 'kafka.topicPartitions', { kafka: { topicPartitions: 0 } }),
  f('replication factor beyond int16', 'kafka.replicationFactor', {
    kafka: { replicationFactor: 40_000 },
  }),
  f('max message 3e9 bytes', 'kafka.maxMessageBytes', { kafka: { maxMessageBytes: 3e9 } }),
  f('request timeout as a string', 'kafka.requestTimeoutMs', {
    kafka: { requestTimeoutMs: '30s' },
  }),
  // Booleans, enums, strings, lists, objects.
  f('http.enabled "true"', 'http.enabled', { http: { enabled: 'true' } }),
  f('tombstones 1', 'output.tombstones', { output: { tombstones: 1 } }),
  f('consistent read "yes"', 'initSync.consistentRead', { initSync: { consistentRead: 'yes' } }),
  f('unknown output format', 'output.format', { output: { format: 'avro' } }),
  f('unknown snapshot mode', 'initSync.mode', { initSync: { mode: 'sometimes' } }),
  f('unknown log level', 'log.level', { log: { level: 'verbose' } }),
  f('unknown compression', 'kafka.compression', { kafka: { compression: 'brotli' } }),
  f('unknown mode for one table', 'initSync.modeOverrides', {
    initSync: { modeOverrides: { orders: 'once' } },
  }),
  f('mode overrides as a list', 'initSync.modeOverrides', {
    initSync: { modeOverrides: ['orders'] },
  }),
  f('a table name DynamoDB refuses', 'tables.whitelist', { tables: { whitelist: ['ab'] } }),
  f('an empty table name', 'tables.whitelist', { tables: { whitelist: [''] } }),
  f('whitelist as an object', 'tables.whitelist', { tables: { whitelist: { orders: true } } }),
  f('no brokers', 'kafka.brokers', { kafka: { brokers: [] } }),
  f('broker port 0', 'kafka.brokers', { kafka: { brokers: ['localhost:0'] } }),
  f('broker host with a space', 'kafka.brokers', { kafka: { brokers: ['my host:9092'] } }),
  f('a section given a string', 'kafka', { kafka: '127.0.0.1:9092' }),
  f('an empty connector name', 'name', { name: '' }),
  f('a connector name with a space', 'name', { name: 'my connector' }),
  f('a topic prefix Kafka refuses', 'kafka.topicPrefix', { kafka: { topicPrefix: 'cdc/' } }),
  f('an empty offsets topic', 'kafka.offsetsTopic', { kafka: { offsetsTopic: '' } }),
  f('region as a number', 'aws.region', { aws: { region: 5 } }),
  f('endpoint without a scheme', 'aws.endpoint', { aws: { endpoint: 'localhost:8000' } }),
  f('home not first in aws.regions', 'aws.regions', {
    aws: { region: 'us-east-1', regions: ['eu-west-1', 'us-east-1'] },
  }),
  f('a region listed twice', 'aws.regions', {
    aws: { region: 'us-east-1', regions: ['us-east-1', 'eu-west-1', 'eu-west-1'] },
  }),
  f('an endpoint for a region not listed', 'aws.regionEndpoints', {
    aws: { regions: ['us-east-1', 'eu-west-1'], regionEndpoints: { 'ap-south-1': 'http://x:1' } },
  }),
  f('a region endpoint without a scheme', 'aws.regionEndpoints', {
    aws: { regions: ['us-east-1', 'eu-west-1'], regionEndpoints: { 'eu-west-1': 'x:1' } },
  }),
  f('failoverAfterMs as text', 'globalTable.failoverAfterMs', {
    globalTable: { failoverAfterMs: '1m' },
  }),
  f('reconcile directory as a number', 'reconcile.directory', { reconcile: { directory: 7 } }),
  f(
    'auth token as a number',
    'http.authToken',
    { http: { authToken: 424242 } },
    { secret: '424242' },
  ),
  f('a CA file that is not there', 'kafka.ssl.caFile', {
    kafka: { ssl: { enabled: true, caFile: '/nonexistent/ca.pem' } },
  }),
  f(
    'a SASL password without SASL',
    'kafka.sasl.password',
    {
      kafka: { sasl: { password: 'hunter2-sasl-secret' } },
    },
    { secret: 'hunter2-sasl-secret' },
  ),
  f(
    'PLAIN without a user name',
    'kafka.sasl.username',
    {
      kafka: { ssl: { enabled: true }, sasl: { mechanism: 'PLAIN', password: 'pw-plain-secret' } },
    },
    { secret: 'pw-plain-secret' },
  ),
  f('an unknown key', 'foo', { foo: 1 }),
  f('an unknown nested key', 'kafka.broker', { kafka: { broker: 'x:1' } }),
  // The file itself.
  f(
    'invalid JSON on the secret’s line',
    '--config',
    `{\n  "aws": {\n    "accessKeyId": "${SECRETS.accessKeyId}",\n    "secretAccessKey": "${SECRETS.secretAccessKey}" x\n  }\n}\n`,
  ),
  f('a bare secret in JSON', '--config', `{"http": {"authToken": ${SECRETS.authToken}}}`),
  f(
    'an unterminated JSON string',
    '--config',
    `{"aws": {"secretAccessKey": "${SECRETS.secretAccessKey}`,
  ),
  f('a trailing comma', '--config', '{"initSync": {"segments": 4,}}'),
  f('a key given twice', '--config', '{"initSync": {"segments": 4, "segments": 8}}'),
  f('a list at the top', '--config', '["kafka"]'),
  f('an empty file', '--config', ''),
  f(
    'invalid YAML on the secret’s line',
    '--config',
    `aws:\n  accessKeyId: ${SECRETS.accessKeyId}\n  secretAccessKey: "${SECRETS.secretAccessKey}\n`,
    { ext: 'yaml' },
  ),
  f('YAML tombstones: no', 'output.tombstones', 'output:\n  tombstones: no\n', { ext: 'yaml' }),
  f('YAML segments quoted', 'initSync.segments', 'initSync:\n  segments: "4"\n', { ext: 'yml' }),
  f('YAML key given twice', '--config', 'name: a\nname: b\n', { ext: 'yaml' }),
  f('YAML with two documents', '--config', 'name: a\n---\nname: b\n', { ext: 'yaml' }),
  // Keys that only make sense together (src/config/aws-rules.ts, order-rules.ts).
  f(
    'a session token without a key pair',
    'aws.sessionToken',
    {
      aws: { accessKeyId: null, secretAccessKey: null, sessionToken: 'FwoGZXIvYXdzSESSIONTOKEN1' },
    },
    { secret: 'FwoGZXIvYXdzSESSIONTOKEN1' },
  ),
  f('a role that is not a role ARN', 'aws.roleArn', {
    aws: { roleArn: 'arn:aws:iam::123456789012:user/reader' },
  }),
  f("a role duration over STS's limit", 'aws.roleDurationS', {
    aws: { roleArn: 'arn:aws:iam::123456789012:role/reader', roleDurationS: 86_400 },
  }),
  f('an external id without a role', 'aws.externalId', { aws: { externalId: 'ext-42' } }),
  f('a profile beside a static pair', 'aws.profile', { aws: { profile: 'prod' } }),
  f('idle poll above its ceiling', 'sync.idlePollMs', {
    sync: { idlePollMs: 5000, idlePollMaxMs: 2000 },
  }),
  f('restart backoff above its cap', 'tasks.restartInitialMs', {
    tasks: { restartInitialMs: 120_000 },
  }),
  // Env vars: the same rules, and the variable is named.
  e('segments "abc"', 'initSync.segments', { INIT_SYNC_SEGMENTS: 'abc' }),
  e('segments "1e3"', 'initSync.segments', { INIT_SYNC_SEGMENTS: '1e3' }),
  e('tombstones "no"', 'output.tombstones', { OUTPUT_TOMBSTONES: 'no' }),
  e('tombstones "1"', 'output.tombstones', { OUTPUT_TOMBSTONES: '1' }),
  e('http enabled "yes"', 'http.enabled', { HTTP_ENABLED: 'yes' }),
  e('a broker without a port', 'kafka.brokers', { KAFKA_BROKERS: 'localhost' }),
  e('no brokers', 'kafka.brokers', { KAFKA_BROKERS: '' }),
  e('port "80a"', 'http.port', { HTTP_PORT: '80a' }),
  e('idle poll 1e10 ms', 'sync.idlePollMs', { SYNC_IDLE_POLL_MS: '10000000000' }),
  e('a blank auth token', 'http.authToken', { HTTP_AUTH_TOKEN: '   ' }),
  e('a mode override without a mode', 'initSync.modeOverrides', {
    INIT_SYNC_MODE_OVERRIDES: 'orders',
  }),
  e('topic config without a value', 'kafka.topicConfig', {
    KAFKA_TOPIC_CONFIG: '["cleanup.policy"]',
  }),
  e('whitelist as numbers', 'tables.whitelist', { TABLE_WHITELIST: '[1,2]' }),
  e('fraction "half"', 'initSync.readCapacityFraction', {
    INIT_SYNC_READ_CAPACITY_FRACTION: 'half',
  }),
  e('a session name STS refuses', 'aws.roleSessionName', {
    AWS_ASSUME_ROLE_ARN: 'arn:aws:iam::123456789012:role/reader',
    AWS_ASSUME_ROLE_SESSION_NAME: 'has space',
  }),
  // Empty variables set optional keys to null: the file's key pair is taken away.
  e(
    'a session token alone',
    'aws.sessionToken',
    { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: 'env-session-token-88' },
    'env-session-token-88',
  ),
  e(
    'SASL password without SASL',
    'kafka.sasl.password',
    {
      KAFKA_SASL_PASSWORD: 'env-sasl-secret-77',
    },
    'env-sasl-secret-77',
  ),
];
