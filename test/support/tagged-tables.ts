import {
  CreateTableCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-dynamodb';
import { endpoints, motoDynamodb } from './clients.js';
import type { ConfigObject } from './connector-config.js';
import { uniqueName } from './names.js';
import { createTable, type TableSpec } from './tables.js';

/** The contract's default tag keys (DESIGN §8), which the test configs keep. */
export const INGESTION_TAG_KEY = 'datalake-ingest';
export const ENV_TAG_KEY = 'environment';

/** The discovery interval the worker tests use: short, so a test waits a few seconds at most. */
export const DISCOVERY_INTERVAL_MS = 2000;

export type Tags = Record<string, string>;

/**
 * A run-unique environment tag value: tables other tests (or earlier runs) left in moto carry
 * other values, so a worker discovering this environment never sees them as its own.
 */
export const uniqueEnv = () => uniqueName('env');

/** The tags that make a table discoverable in `env`. */
export const ingestTags = (env: string): Tags => ({
  [INGESTION_TAG_KEY]: 'true',
  [ENV_TAG_KEY]: env,
});

/**
 * Config overrides for tag discovery of `env`: empty whitelist, the tagging endpoint (moto, or
 * a proxy in front of it), a short discovery interval.
 */
export function discoveryConfig(
  env: string,
  opts: { taggingEndpoint?: string; discoveryIntervalMs?: number } = {},
): ConfigObject {
  return {
    aws: { taggingEndpoint: opts.taggingEndpoint ?? endpoints().taggingEndpoint },
    tables: {
      whitelist: [],
      ingestionTagKey: INGESTION_TAG_KEY,
      envTagKey: ENV_TAG_KEY,
      envTagValue: env,
      discoveryIntervalMs: opts.discoveryIntervalMs ?? DISCOVERY_INTERVAL_MS,
    },
  };
}

const toTagList = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/**
 * A table of this name in moto's own DynamoDB, carrying `tags`: what the Tagging API's
 * GetResources reports. Its data lives in DynamoDB Local (which has no tagging); the connector
 * only takes the table name from the ARN. Returns the ARN.
 */
export async function createMotoTable(name: string, tags: Tags): Promise<string> {
  const out = await motoDynamodb().send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      Tags: Object.keys(tags).length > 0 ? toTagList(tags) : undefined,
    }),
  );
  return out.TableDescription?.TableArn as string;
}

export async function tagTable(arn: string, tags: Tags): Promise<void> {
  await motoDynamodb().send(new TagResourceCommand({ ResourceArn: arn, Tags: toTagList(tags) }));
}

export async function untagTable(arn: string, keys: string[]): Promise<void> {
  await motoDynamodb().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: keys }));
}

export interface TaggedTable {
  name: string;
  /** The moto table's ARN, to tag and untag it. */
  arn: string;
}

/**
 * A "tagged table": the table in DynamoDB Local (data, and a stream when `spec.streamViewType`
 * is given) plus its namesake in moto carrying `tags`.
 */
export async function createTaggedTable(
  spec: Omit<TableSpec, 'name'> & { name?: string; prefix?: string },
  tags: Tags,
): Promise<TaggedTable> {
  const name = spec.name ?? uniqueName(spec.prefix ?? 'tagged');
  await createTable({ ...spec, name });
  const arn = await createMotoTable(name, tags);
  return { name, arn };
}
