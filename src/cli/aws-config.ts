import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { awsCredentials } from '../aws/credentials.js';
import type { Config } from '../config/load.js';
import { JsonRpc } from '../dynamodb/json-rpc.js';

export interface AwsClientConfig {
  region: string;
  endpoint: string | undefined;
  credentials: AwsCredentialIdentityProvider;
  requestTimeoutMs: number;
}

/**
 * Region, endpoint and credentials for the DynamoDB and Streams callers, from the config (the
 * credentials: aws/credentials.ts, built here unless the caller shares its own).
 */
export function awsClientConfig(
  config: Config,
  credentials: AwsCredentialIdentityProvider = awsCredentials(config).dynamodb,
): AwsClientConfig {
  return {
    region: config.aws.region,
    endpoint: config.aws.endpoint ?? undefined,
    credentials,
    requestTimeoutMs: config.aws.requestTimeoutMs,
  };
}

/**
 * Where DynamoDB and DynamoDB Streams answer: the configured endpoint (DynamoDB Local), else the
 * SDK's own endpoint rules for the region (partitions, FIPS and dual-stack settings included),
 * asked once.
 */
export async function awsEndpoints(aws: AwsClientConfig): Promise<{ dynamodb: URL; streams: URL }> {
  if (aws.endpoint) return { dynamodb: new URL(aws.endpoint), streams: new URL(aws.endpoint) };
  const resolve = async (client: DynamoDBClient | DynamoDBStreamsClient) => {
    const c = client.config;
    const url = c.endpointProvider({
      Region: await c.region(),
      UseFIPS: await c.useFipsEndpoint(),
      UseDualStack: await c.useDualstackEndpoint(),
    }).url;
    client.destroy();
    return new URL(url.href);
  };
  const [dynamodb, streams] = await Promise.all([
    resolve(new DynamoDBClient({ region: aws.region })),
    resolve(new DynamoDBStreamsClient({ region: aws.region })),
  ]);
  return { dynamodb, streams };
}

/** The DynamoDB and DynamoDB Streams JSON-protocol callers (json-rpc.ts) for this config. */
export function rpcClients(aws: AwsClientConfig): { dynamodb: JsonRpc; streams: JsonRpc } {
  const endpoints = awsEndpoints(aws);
  const rpc = (prefix: string, which: 'dynamodb' | 'streams') =>
    new JsonRpc(
      endpoints.then((e) => e[which]),
      prefix,
      aws.region,
      aws.credentials,
      aws.requestTimeoutMs,
    );
  return {
    dynamodb: rpc('DynamoDB_20120810', 'dynamodb'),
    streams: rpc('DynamoDBStreams_20120810', 'streams'),
  };
}
