import type { DescribeTableCommandOutput } from '@aws-sdk/client-dynamodb';
import type { GetResourcesCommandOutput } from '@aws-sdk/client-resource-groups-tagging-api';
import { describe, expect, it } from 'vitest';
import { type DiscoveryDeps, discoverTables } from './discover.js';

const rules = { ingestionTagKey: 'ingest', envTagKey: 'env', envTagValue: 'dev' };
const arn = (t: string) => `arn:aws:dynamodb:us-east-1:1:table/${t}`;
const tagged = (table: string, tags: Record<string, string>) => ({
  ResourceARN: arn(table),
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
});
const withStream: DescribeTableCommandOutput = {
  $metadata: {},
  Table: {
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    LatestStreamArn: 's',
  },
};

/** Fakes of the two narrow calls discovery makes; tables named 'broken' fail DescribeTable. */
function deps(
  pages: GetResourcesCommandOutput[],
  tables: Record<string, DescribeTableCommandOutput | undefined>,
) {
  const calls: (string | undefined)[] = [];
  const d: DiscoveryDeps = {
    tagging: {
      getResources: async (input) => {
        calls.push(input.PaginationToken);
        return pages[calls.length - 1] as GetResourcesCommandOutput;
      },
    },
    describeTable: async (t) => {
      if (t === 'broken') throw new Error('throttled');
      return tables[t];
    },
  };
  return { d, calls };
}

describe('discoverTables', () => {
  it('reads every page (moto ends with no token, AWS with an empty one) and judges tags locally', async () => {
    const { d, calls } = deps(
      [
        {
          $metadata: {},
          ResourceTagMappingList: [tagged('a', { ingest: '1', env: 'dev' })],
          PaginationToken: 'p2',
        },
        {
          $metadata: {},
          ResourceTagMappingList: [
            tagged('b', { ingest: '1', env: 'prod' }),
            tagged('c', { team: 'x' }),
          ],
          PaginationToken: '',
        },
      ],
      { a: withStream },
    );
    const found = await discoverTables({ whitelist: [], rules }, d);
    expect(calls).toEqual([undefined, 'p2']);
    expect([...found.eligible.keys()]).toEqual(['a']);
    expect(found.ineligible).toEqual([
      { table: 'b', reason: "'env' tag is 'prod', not 'dev'", kind: 'tags', nearMiss: true },
      { table: 'c', reason: "no 'ingest' tag", kind: 'tags', nearMiss: false },
    ]);
  });

  it('uses the whitelist without asking the tagging API; missing tables and failed checks are told apart', async () => {
    const { d, calls } = deps([], { ok: withStream, missing: undefined });
    const found = await discoverTables({ whitelist: ['ok', 'missing', 'broken'], rules }, d);
    expect(calls).toEqual([]);
    expect([...found.eligible.keys()]).toEqual(['ok']);
    expect(found.ineligible).toEqual([
      { table: 'missing', reason: 'table not found', kind: 'table', nearMiss: true },
    ]);
    expect(found.unknown.map((u) => u.table)).toEqual(['broken']);
  });

  it('throws when the tagging API fails, so the caller keeps the running set', async () => {
    const d: DiscoveryDeps = {
      tagging: { getResources: async () => Promise.reject(new Error('ECONNREFUSED')) },
      describeTable: async () => withStream,
    };
    await expect(discoverTables({ whitelist: [], rules }, d)).rejects.toThrow('ECONNREFUSED');
  });
});
