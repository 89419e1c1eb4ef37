import { int, list, map, ms, optional, text, url } from './formats.js';

const regionName = text('a region name, e.g. eu-west-1', /^[a-z0-9-]{2,40}$/);

/**
 * The `aws` section of the schema (src/config/schema.ts): region, endpoints, and the
 * credentials (the SDK's chain by default, a profile, a static pair, a role assumed on top).
 * Rules across these keys are in aws-rules.ts.
 */
export const awsSchema = {
  region: {
    doc: 'AWS region of the tables.',
    format: regionName,
    default: 'us-east-1',
    env: 'AWS_REGION',
  },
  regions: {
    doc: "Global tables: the regions of the replicas, in order; the first is home and must be aws.region. The task reads the home replica's stream and fails over to the next healthy one (globalTable.*, docs/GLOBAL-TABLES.md). [] = one region, aws.region.",
    format: list(regionName),
    default: [] as string[],
    env: 'AWS_REGIONS',
  },
  regionEndpoints: {
    doc: 'Endpoints of the replicas other than home, by region, e.g. {"eu-west-1": "http://127.0.0.1:18001"} (DynamoDB Local stand-ins); a region not listed uses AWS. Home uses aws.endpoint.',
    format: map(regionName, url),
    default: {} as Record<string, string>,
  },
  endpoint: {
    doc: 'DynamoDB and DynamoDB Streams endpoint (e.g. DynamoDB Local); null = AWS.',
    format: optional(url),
    default: null as string | null,
    env: 'DYNAMODB_ENDPOINT',
  },
  taggingEndpoint: {
    doc: 'Resource Groups Tagging API endpoint; null = AWS.',
    format: optional(url),
    default: null as string | null,
    env: 'TAGGING_ENDPOINT',
  },
  accessKeyId: {
    doc: 'Access key id of a static key pair; null = the SDK default credential chain (env, aws.profile or AWS_PROFILE, SSO, web identity on EKS, ECS, instance role).',
    format: optional(text()),
    default: null as string | null,
    sensitive: true,
  },
  secretAccessKey: {
    doc: 'Secret access key, with aws.accessKeyId.',
    format: optional(text()),
    default: null as string | null,
    sensitive: true,
  },
  sessionToken: {
    doc: 'Session token of temporary static credentials, with aws.accessKeyId and aws.secretAccessKey (they stop working when it expires: nothing can refresh them).',
    format: optional(text()),
    default: null as string | null,
    sensitive: true,
  },
  profile: {
    doc: 'Profile of ~/.aws/config and ~/.aws/credentials the default chain reads (SSO, assume-role and process profiles included); null = AWS_PROFILE, else "default". Not with a static key pair.',
    format: optional(text()),
    default: null as string | null,
  },
  // Env names of their own: the SDK's web-identity provider (EKS) reads AWS_ROLE_ARN and
  // AWS_ROLE_SESSION_NAME, so those must keep meaning the pod's role, not this one.
  roleArn: {
    doc: 'IAM role assumed (STS AssumeRole) on top of the credentials above, e.g. in the account that owns the tables; the temporary credentials are refreshed 5 minutes before they expire. Used for DynamoDB, DynamoDB Streams, MSK IAM and, unless aws.taggingRoleArn is set, the tagging API. null = the credentials above as they are.',
    format: optional(text()),
    default: null as string | null,
    env: 'AWS_ASSUME_ROLE_ARN',
  },
  externalId: {
    doc: "External id the role's trust policy asks for (cross-account access by a third party), sent with every AssumeRole.",
    format: optional(text()),
    default: null as string | null,
    env: 'AWS_ASSUME_ROLE_EXTERNAL_ID',
  },
  roleSessionName: {
    doc: 'Session name of the assumed role, seen in CloudTrail (2 to 64 of letters, digits and +=,.@_-); null = dynamodb-kafka-connect-<name>.',
    format: optional(text()),
    default: null as string | null,
    env: 'AWS_ASSUME_ROLE_SESSION_NAME',
  },
  roleDurationS: {
    doc: "Lifetime of the assumed role's credentials in seconds, 900 to 43200 (up to the role's maximum session duration; 3600 when the base credentials are themselves a role's); null = 3600.",
    format: optional(int(1, 43_200)),
    default: null as number | null,
    env: 'AWS_ASSUME_ROLE_DURATION_S',
  },
  taggingRoleArn: {
    doc: 'A separate role for the Resource Groups Tagging API (table discovery), assumed on top of the same base credentials, with aws.externalId, aws.roleSessionName and aws.roleDurationS; null = the DynamoDB credentials.',
    format: optional(text()),
    default: null as string | null,
    env: 'TAGGING_ASSUME_ROLE_ARN',
  },
  stsEndpoint: {
    doc: "STS endpoint for AssumeRole (e.g. moto, a VPC endpoint); null = AWS's regional endpoint for aws.region.",
    format: optional(url),
    default: null as string | null,
    env: 'STS_ENDPOINT',
  },
  requestTimeoutMs: {
    doc: 'An AWS request that gets no answer for this long fails and is retried (a hung connection never blocks a task for ever).',
    format: ms(),
    default: 60_000,
  },
};
