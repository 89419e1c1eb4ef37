import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSessionName } from '../../src/aws/credentials.js';
import { endpoints } from '../support/clients.js';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { decodeRecords, loadTable, smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { RecordingProxy } from '../support/recording-proxy.js';
import { StsStandIn, signingKeyId } from '../support/sts-stand-in.js';
import { putItem } from '../support/tables.js';
import {
  createTaggedTable,
  discoveryConfig,
  ingestTags,
  uniqueEnv,
} from '../support/tagged-tables.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const ROLE = 'arn:aws:iam::123456789012:role/dynamodb-kafka-connect-reader';
const TAGGING_ROLE = 'arn:aws:iam::123456789012:role/dynamodb-kafka-connect-tags';
const BASE_KEY = 'AKIABASEKEYFORTESTS';
const BASE_SECRET = 'base-Secret/Key+that-must-never-show';
const ITEMS = 300;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
async function recording(targetUrl: string): Promise<RecordingProxy> {
  const proxy = await RecordingProxy.start(targetUrl);
  closers.push(() => proxy.close());
  return proxy;
}

const target = (e: { headers: Record<string, unknown> }) => String(e.headers['x-amz-target']);
const tag = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1] as string);

describe('AWS credentials: a role assumed through STS', () => {
  it('copies a table with the credentials of the role moto handed out, never the base key', {
    timeout: 180_000,
  }, async () => {
    const { dynamodbEndpoint, taggingEndpoint } = endpoints();
    // moto serves every service on one port, STS included.
    const sts = await recording(taggingEndpoint);
    const dynamodb = await recording(dynamodbEndpoint);
    const table = uniqueName('assumed');
    await loadTable(
      { name: table, hashKey: { name: 'pk', type: 'S' } },
      Array.from({ length: ITEMS }, (_, i) => smallItem(i)),
    );
    const name = uniqueName('connector');
    const config = writeConnectorConfig({
      name,
      aws: {
        endpoint: dynamodb.url,
        accessKeyId: BASE_KEY,
        secretAccessKey: BASE_SECRET,
        roleArn: ROLE,
        externalId: 'ext-4711',
        stsEndpoint: sts.url,
      },
      tables: { whitelist: [table] },
      initSync: { pageSize: 50 },
    });

    const worker = startWorker(config);
    await worker.waitForLog(logged('role assumed', { roleArn: ROLE }));
    await worker.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 120_000);
    await putItem(table, smallItem(ITEMS));
    const records = decodeRecords(await readSettledTopic(topicFor(table), { atLeast: ITEMS + 1 }));
    expect(records.filter((r) => r.envelope?.op === 'r')).toHaveLength(ITEMS);
    expect(records.filter((r) => r.envelope?.op === 'c')).toHaveLength(1);
    expect(await worker.stop()).toBe(0);

    // What the worker asked STS, signed with the base key, and what moto answered.
    expect(sts.exchanges.length).toBeGreaterThan(0);
    for (const e of sts.exchanges) {
      expect(Object.fromEntries(new URLSearchParams(e.body))).toMatchObject({
        Action: 'AssumeRole',
        RoleArn: ROLE,
        ExternalId: 'ext-4711',
        RoleSessionName: defaultSessionName(name),
        DurationSeconds: '3600',
      });
      expect(signingKeyId(e.headers.authorization)).toBe(BASE_KEY);
      expect(e.status).toBe(200);
    }
    const assumedKeys = new Set(sts.exchanges.flatMap((e) => tag(e.answer, 'AccessKeyId')));
    const tokens = new Set(sts.exchanges.flatMap((e) => tag(e.answer, 'SessionToken')));
    for (const key of assumedKeys) expect(key).toMatch(/^ASIA/);

    // Every DynamoDB and Streams call, from the main thread and the read thread alike, was
    // signed with an assumed key and carried its session token.
    const calls = dynamodb.exchanges;
    for (const op of [
      'DynamoDB_20120810.DescribeTable',
      'DynamoDB_20120810.Scan',
      'DynamoDBStreams_20120810.DescribeStream',
      'DynamoDBStreams_20120810.GetRecords',
    ]) {
      expect(calls.filter((e) => target(e) === op).length, op).toBeGreaterThan(0);
    }
    const used = new Set(calls.map((e) => signingKeyId(e.headers.authorization)));
    expect(used.has(BASE_KEY)).toBe(false);
    expect([...used].filter((k) => !assumedKeys.has(k as string))).toEqual([]);
    expect(
      calls.filter((e) => !tokens.has(String(e.headers['x-amz-security-token']))),
    ).toHaveLength(0);
    expect(worker.lines.map((l) => l.raw).join('\n')).not.toContain(BASE_SECRET);

    await expectVerified(config, table);
  });

  it('discovers tables with the tagging role and copies them with the DynamoDB role', {
    timeout: 120_000,
  }, async () => {
    const { dynamodbEndpoint, taggingEndpoint } = endpoints();
    const sts = await recording(taggingEndpoint);
    const tagging = await recording(taggingEndpoint);
    const dynamodb = await recording(dynamodbEndpoint);
    const env = uniqueEnv();
    const { name: table } = await createTaggedTable(
      { prefix: 'tag-role', hashKey: { name: 'pk', type: 'S' }, streamViewType: 'NEW_IMAGE' },
      ingestTags(env),
    );
    const base = discoveryConfig(env, { taggingEndpoint: tagging.url });
    const worker = startWorker(
      writeConnectorConfig({
        ...base,
        aws: {
          ...(base.aws as object),
          endpoint: dynamodb.url,
          accessKeyId: BASE_KEY,
          secretAccessKey: BASE_SECRET,
          roleArn: ROLE,
          taggingRoleArn: TAGGING_ROLE,
          stsEndpoint: sts.url,
        },
      }),
    );
    await worker.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 60_000);
    expect(await worker.stop()).toBe(0);

    const keysOf = (role: string) =>
      new Set(
        sts.exchanges
          .filter((e) => new URLSearchParams(e.body).get('RoleArn') === role)
          .flatMap((e) => tag(e.answer, 'AccessKeyId')),
      );
    const [tableKeys, tagKeys] = [keysOf(ROLE), keysOf(TAGGING_ROLE)];
    expect(tagKeys.size).toBe(1);
    const signers = (proxy: RecordingProxy) =>
      new Set(proxy.exchanges.map((e) => signingKeyId(e.headers.authorization)));
    expect([...signers(tagging)]).toEqual([...tagKeys]);
    const tableSigners = [...signers(dynamodb)];
    expect(tableSigners.length).toBeGreaterThan(0);
    expect(tableSigners.every((k) => tableKeys.has(k as string))).toBe(true);
  });

  it('an invalid role ARN stops the start with one config line naming the key', async () => {
    const worker = startWorker(writeConnectorConfig({ aws: { roleArn: 'dynamodb-reader' } }));
    expect(await worker.exited).toBe(2);
    expect(worker.stderr.trim()).toBe(
      'config: aws.roleArn: must be an IAM role ARN, arn:aws:iam::<12-digit account id>:role/<name>',
    );
  });

  it('a role STS refuses: exit 1 with one line naming the role and the reason, no secret', async () => {
    const reason = `User: arn:aws:iam::111111111111:user/connector is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`;
    const sts = await StsStandIn.start(() => ({
      error: { code: 'AccessDenied', status: 403, message: reason },
    }));
    closers.push(() => sts.close());
    const worker = startWorker(
      writeConnectorConfig({
        aws: {
          accessKeyId: BASE_KEY,
          secretAccessKey: BASE_SECRET,
          roleArn: ROLE,
          stsEndpoint: sts.url,
        },
        tables: { whitelist: [uniqueName('never-read')] },
      }),
    );
    expect(await worker.exited).toBe(1);
    const failed = worker.logs.filter((l) => l.level === 'error');
    expect(failed).toEqual([
      expect.objectContaining({
        message: 'worker failed',
        error: `AssumeRoleError: AssumeRole ${ROLE} failed: AccessDenied: ${reason}`,
      }),
    ]);
    // Refused for good: asked once, not retried.
    expect(sts.calls).toHaveLength(1);
    expect(worker.lines.map((l) => l.raw).join('\n') + worker.stderr).not.toContain(BASE_SECRET);
  });

  it('an STS that does not answer is waited for with a warning naming the role, and a stop still exits 0', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const worker = startWorker(
      writeConnectorConfig({ aws: { roleArn: ROLE, stsEndpoint: `http://127.0.0.1:${port}` } }),
    );
    const warned = await worker.waitForLog(logged('assume role failed, retrying'));
    expect(warned).toMatchObject({ level: 'warn', roleArn: ROLE });
    expect(String(warned.error)).toContain('ECONNREFUSED');
    expect(await worker.stop()).toBe(0);
  });
});
