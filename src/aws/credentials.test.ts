import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type StsAnswer, StsStandIn } from '../../test/support/sts-stand-in.js';
import { type Config, loadConfig } from '../config/load.js';
import { AssumeRoleError, isRetriable } from '../errors.js';
import { awsCredentials, defaultSessionName, REFRESH_BEFORE_MS } from './credentials.js';

const defaults = loadConfig(undefined, {});
const SECRET = 'base-Secret/Key+never-shown';
const ROLE = 'arn:aws:iam::123456789012:role/tables-reader';
const TAGGING_ROLE = 'arn:aws:iam::123456789012:role/tag-reader';
const HOUR = 3_600_000;

let answer: (params: Record<string, string>) => StsAnswer = () => ({ validForMs: HOUR });
let sts: StsStandIn;
beforeAll(async () => {
  sts = await StsStandIn.start((params) => answer(params));
});
afterAll(() => sts.close());
afterEach(() => {
  sts.calls.length = 0;
  answer = () => ({ validForMs: HOUR });
  vi.useRealTimers();
});

function config(aws: Partial<Config['aws']>, name = 'orders-cdc'): Config {
  return {
    ...defaults,
    name,
    aws: {
      ...defaults.aws,
      accessKeyId: 'AKIABASE',
      secretAccessKey: SECRET,
      stsEndpoint: sts.url,
      ...aws,
    },
  };
}

/** The error a provider throws, as an AssumeRoleError. */
async function refusal(provider: () => Promise<unknown>): Promise<AssumeRoleError> {
  const err = await provider().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AssumeRoleError);
  return err as AssumeRoleError;
}

describe('defaultSessionName', () => {
  it.each([
    ['orders-cdc', 'dynamodb-kafka-connect-orders-cdc'],
    ['orders cdc/eu', 'dynamodb-kafka-connect-orders-cdc-eu'],
    ['bestellungen-ü', 'dynamodb-kafka-connect-bestellungen--'],
    ['kept+=,.@_-', 'dynamodb-kafka-connect-kept+=,.@_-'],
    ['x'.repeat(100), `dynamodb-kafka-connect-${'x'.repeat(41)}`],
  ])('%s → %s', (name, session) => {
    expect(defaultSessionName(name)).toBe(session);
    expect(session).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});

describe('awsCredentials', () => {
  it('without a role: the static pair, session token included, for every client', async () => {
    const creds = awsCredentials(config({ sessionToken: 'tok' }));
    expect(await creds.dynamodb()).toEqual({
      accessKeyId: 'AKIABASE',
      secretAccessKey: SECRET,
      sessionToken: 'tok',
    });
    expect(creds.tagging).toBe(creds.dynamodb);
    expect(creds.roles).toEqual([]);
  });

  it('assumes the role with the base key, once for many requests', async () => {
    const creds = awsCredentials(config({ roleArn: ROLE, externalId: 'ext-42' }));
    const first = await creds.dynamodb();
    await Promise.all([creds.dynamodb(), creds.dynamodb(), creds.tagging()]);
    expect(first).toMatchObject({
      accessKeyId: 'ASIASTANDIN1',
      secretAccessKey: 'stand-in-secret-1',
      sessionToken: 'stand-in-token-1',
    });
    expect(sts.calls).toEqual([
      {
        params: expect.objectContaining({
          Action: 'AssumeRole',
          RoleArn: ROLE,
          RoleSessionName: 'dynamodb-kafka-connect-orders-cdc',
          DurationSeconds: '3600',
          ExternalId: 'ext-42',
        }),
        signedWith: 'AKIABASE',
      },
    ]);
    expect(creds.roles.map((r) => r.roleArn)).toEqual([ROLE]);
  });

  it('sends the configured session name and duration, and no external id when none is set', async () => {
    const creds = awsCredentials(
      config({ roleArn: ROLE, roleSessionName: 'ops@eu', roleDurationS: 900 }),
    );
    await creds.dynamodb();
    expect(sts.calls[0]?.params).toMatchObject({
      RoleSessionName: 'ops@eu',
      DurationSeconds: '900',
    });
    expect(sts.calls[0]?.params).not.toHaveProperty('ExternalId');
  });

  it('refreshes the credentials before they expire, not after', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const creds = awsCredentials(config({ roleArn: ROLE }));
    expect((await creds.dynamodb()).accessKeyId).toBe('ASIASTANDIN1');
    // More than REFRESH_BEFORE_MS left: the same credentials, no STS call.
    vi.setSystemTime(start + HOUR - REFRESH_BEFORE_MS - 60_000);
    expect((await creds.dynamodb()).accessKeyId).toBe('ASIASTANDIN1');
    expect(sts.calls).toHaveLength(1);
    // Inside the window, still valid: the next request gets new ones.
    vi.setSystemTime(start + HOUR - REFRESH_BEFORE_MS + 60_000);
    expect((await creds.dynamodb()).accessKeyId).toBe('ASIASTANDIN2');
    expect((await creds.dynamodb()).accessKeyId).toBe('ASIASTANDIN2');
    expect(sts.calls).toHaveLength(2);
  });

  it('a separate tagging role: its own session, the DynamoDB one unchanged', async () => {
    const creds = awsCredentials(config({ roleArn: ROLE, taggingRoleArn: TAGGING_ROLE }));
    await creds.tagging();
    await creds.dynamodb();
    expect(sts.calls.map((c) => c.params.RoleArn)).toEqual([TAGGING_ROLE, ROLE]);
    expect(sts.calls.map((c) => c.signedWith)).toEqual(['AKIABASE', 'AKIABASE']);
    expect(creds.roles.map((r) => r.roleArn)).toEqual([ROLE, TAGGING_ROLE]);
  });

  it('a tagging role alone leaves DynamoDB on the base credentials', async () => {
    const creds = awsCredentials(config({ taggingRoleArn: TAGGING_ROLE }));
    expect((await creds.dynamodb()).accessKeyId).toBe('AKIABASE');
    expect((await creds.tagging()).accessKeyId).toBe('ASIASTANDIN1');
  });

  it.each([
    {
      name: 'access denied',
      error: {
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::111111111111:user/connector is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
      },
      retriable: false,
    },
    {
      name: 'a malformed role ARN',
      error: {
        code: 'ValidationError',
        status: 400,
        message: "1 validation error detected: Value 'x' at 'roleArn' failed to satisfy constraint",
      },
      retriable: false,
    },
    {
      name: 'an invalid base key',
      error: {
        code: 'InvalidClientTokenId',
        status: 403,
        message: 'The security token included in the request is invalid.',
      },
      retriable: false,
    },
    {
      name: 'throttling',
      error: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
      retriable: true,
    },
  ])(
    'STS refuses ($name): the error names the role and the reason, never the secret',
    async ({ error, retriable }) => {
      answer = () => ({ error });
      const err = await refusal(awsCredentials(config({ roleArn: ROLE })).dynamodb);
      expect(err.message).toBe(`AssumeRole ${ROLE} failed: ${error.code}: ${error.message}`);
      expect(err.roleArn).toBe(ROLE);
      expect(isRetriable(err)).toBe(retriable);
      expect(err.message).not.toContain(SECRET);
    },
  );

  it('an STS that does not answer: retriable, naming the role', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const creds = awsCredentials(
      config({ roleArn: ROLE, stsEndpoint: `http://127.0.0.1:${port}` }),
    );
    const err = await refusal(creds.dynamodb);
    expect(err.message).toMatch(
      new RegExp(`^AssumeRole ${ROLE} failed: .*ECONNREFUSED 127\\.0\\.0\\.1:${port}`),
    );
    expect(isRetriable(err)).toBe(true);
  });

  it('a refusal is not remembered: the next request asks STS again', async () => {
    answer = () => ({ error: { code: 'AccessDenied', status: 403, message: 'not yet' } });
    const creds = awsCredentials(config({ roleArn: ROLE }));
    await refusal(creds.dynamodb);
    answer = () => ({ validForMs: HOUR });
    expect((await creds.dynamodb()).accessKeyId).toBe('ASIASTANDIN2');
  });
});
