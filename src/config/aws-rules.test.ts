import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { type AwsConfig, awsProblems } from './aws-rules.js';
import { loadConfig } from './load.js';

const defaults = loadConfig(undefined, {}).aws;
const aws = (overrides: Partial<AwsConfig>): AwsConfig => ({ ...defaults, ...overrides });

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FwoGZXIvYXdzEXAMPLETOKEN';
const pair = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: SECRET };
const ROLE = 'arn:aws:iam::123456789012:role/dynamodb-reader';

describe('aws credential settings', () => {
  it.each([
    { name: 'nothing set: the default chain', aws: {}, lines: [] },
    { name: 'a static pair', aws: pair, lines: [] },
    {
      name: 'a static pair with a session token',
      aws: { ...pair, sessionToken: TOKEN },
      lines: [],
    },
    { name: 'a profile', aws: { profile: 'prod' }, lines: [] },
    {
      name: 'a key id without its secret',
      aws: { accessKeyId: 'AKIAEXAMPLE' },
      lines: ['config: aws.secretAccessKey: required with aws.accessKeyId'],
    },
    {
      name: 'a secret without its key id',
      aws: { secretAccessKey: SECRET },
      lines: ['config: aws.accessKeyId: required with aws.secretAccessKey'],
    },
    {
      name: 'a session token alone',
      aws: { sessionToken: TOKEN },
      lines: [
        'config: aws.sessionToken: set, but there is no aws.accessKeyId and aws.secretAccessKey pair',
      ],
    },
    {
      name: 'a profile and a static pair contradict each other',
      aws: { ...pair, profile: 'prod' },
      lines: ['config: aws.profile: set only one of aws.profile and a static key pair'],
    },
    {
      name: 'a role on top of the chain, with every option',
      aws: {
        roleArn: ROLE,
        externalId: 'ext-42',
        roleSessionName: 'orders-cdc@eu',
        roleDurationS: 900,
        stsEndpoint: 'https://sts.eu-west-1.amazonaws.com',
      },
      lines: [],
    },
    {
      name: 'a role on top of a profile, and another partition',
      aws: { profile: 'ops', roleArn: 'arn:aws-cn:iam::123456789012:role/path/to/reader' },
      lines: [],
    },
    { name: 'only a tagging role', aws: { taggingRoleArn: ROLE, externalId: 'x' }, lines: [] },
    {
      name: 'role options without a role are not silently ignored',
      aws: {
        externalId: 'ext-42',
        roleSessionName: 'me',
        roleDurationS: 3600,
        stsEndpoint: 'http://127.0.0.1:1',
      },
      lines: [
        'config: aws.externalId: set, but there is no aws.roleArn or aws.taggingRoleArn',
        'config: aws.roleSessionName: set, but there is no aws.roleArn or aws.taggingRoleArn',
        'config: aws.roleDurationS: set, but there is no aws.roleArn or aws.taggingRoleArn',
        'config: aws.stsEndpoint: set, but there is no aws.roleArn or aws.taggingRoleArn',
      ],
    },
    ...[
      'reader',
      'arn:aws:iam::123:role/reader',
      'arn:aws:iam::123456789012:user/reader',
      'arn:aws:sts::123456789012:assumed-role/reader/session',
      'arn:aws:iam::123456789012:role/',
      'arn:aws:iam::123456789012:role/bad name',
    ].map((roleArn) => ({
      name: `not a role ARN: ${roleArn}`,
      aws: { roleArn },
      lines: [
        'config: aws.roleArn: must be an IAM role ARN, arn:aws:iam::<12-digit account id>:role/<name>',
      ],
    })),
    {
      name: 'a tagging role that is not a role ARN',
      aws: { taggingRoleArn: 'tagging' },
      lines: [
        'config: aws.taggingRoleArn: must be an IAM role ARN, arn:aws:iam::<12-digit account id>:role/<name>',
      ],
    },
    ...['x', 'a'.repeat(65), 'has space', 'slash/not'].map((roleSessionName) => ({
      name: `a session name STS refuses: ${roleSessionName.slice(0, 12)}`,
      aws: { roleArn: ROLE, roleSessionName },
      lines: [
        'config: aws.roleSessionName: must be 2 to 64 letters, digits or any of + = , . @ _ -',
      ],
    })),
    ...[899, 43_201].map((roleDurationS) => ({
      name: `a duration outside STS's limits: ${roleDurationS}`,
      aws: { roleArn: ROLE, roleDurationS },
      lines: ["config: aws.roleDurationS: must be between 900 and 43200 (STS's limits)"],
    })),
    { name: 'the longest duration', aws: { roleArn: ROLE, roleDurationS: 43_200 }, lines: [] },
  ])('$name', ({ aws: overrides, lines }) => {
    expect(awsProblems(aws(overrides))).toEqual(lines);
  });

  const dir = mkdtempSync(join(tmpdir(), 'dkc-aws-rules-'));
  const load = (config: unknown, env: NodeJS.ProcessEnv = {}) => {
    const path = join(dir, `c${Math.random()}.json`);
    writeFileSync(path, JSON.stringify(config));
    return loadConfig(path, env);
  };

  it('is part of loading, and a secret is never shown', () => {
    let problems: string[] = [];
    try {
      load({ aws: { secretAccessKey: SECRET, sessionToken: TOKEN } });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems = err.problems;
    }
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).not.toContain(SECRET);
    expect(problems.join('\n')).not.toContain(TOKEN);
  });

  it('takes the role from env names of its own, not the SDK web-identity ones', () => {
    const config = loadConfig(undefined, {
      AWS_ASSUME_ROLE_ARN: ROLE,
      AWS_ASSUME_ROLE_EXTERNAL_ID: 'ext-42',
      AWS_ASSUME_ROLE_SESSION_NAME: 'from-env',
      AWS_ASSUME_ROLE_DURATION_S: '1800',
      TAGGING_ASSUME_ROLE_ARN: 'arn:aws:iam::123456789012:role/tagging',
      STS_ENDPOINT: 'http://127.0.0.1:15000',
      // What EKS sets for the pod's own role: must not become aws.roleArn.
      AWS_ROLE_ARN: 'arn:aws:iam::999999999999:role/pod',
      AWS_ROLE_SESSION_NAME: 'pod',
    });
    expect(config.aws).toMatchObject({
      roleArn: ROLE,
      externalId: 'ext-42',
      roleSessionName: 'from-env',
      roleDurationS: 1800,
      taggingRoleArn: 'arn:aws:iam::123456789012:role/tagging',
      stsEndpoint: 'http://127.0.0.1:15000',
    });
  });
});
