import type { DescribeTableCommandOutput } from '@aws-sdk/client-dynamodb';
import type {
  GetResourcesCommandInput,
  GetResourcesCommandOutput,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { type Eligibility, eligibility } from './eligibility.js';
import { type TagRules, tableNameOf, tagVerdict } from './tag-filter.js';

/** The subset of the Resource Groups Tagging API discovery uses. */
export interface TaggingApi {
  getResources(input: GetResourcesCommandInput): Promise<GetResourcesCommandOutput>;
}

export interface DiscoveryDeps {
  tagging: TaggingApi;
  describeTable(table: string): Promise<DescribeTableCommandOutput | undefined>;
}

export interface Discovery {
  eligible: Map<string, Eligibility & { eligible: true }>;
  /**
   * Tables not copied and why; `kind` tells a tag mismatch from a table or stream problem;
   * `nearMiss`: the table carries one of our tag keys, so its owner probably meant it to be copied.
   */
  ineligible: { table: string; reason: string; kind: 'tags' | 'table'; nearMiss: boolean }[];
  /** Tables whose check failed this time: they keep whatever state they had. */
  unknown: { table: string; error: unknown }[];
}

/**
 * Every tagged DynamoDB table, all pages. Tags are judged here rather than by the API's tag
 * filters so that a table tagged almost right is listed with the reason it is not copied.
 */
async function taggedTables(
  tagging: TaggingApi,
): Promise<{ table: string; tags: Record<string, string> }[]> {
  const out: { table: string; tags: Record<string, string> }[] = [];
  let token: string | undefined;
  do {
    const page = await tagging.getResources({
      ResourceTypeFilters: ['dynamodb:table'],
      PaginationToken: token,
    });
    for (const mapping of page.ResourceTagMappingList ?? []) {
      const table = mapping.ResourceARN ? tableNameOf(mapping.ResourceARN) : undefined;
      if (!table) continue;
      out.push({
        table,
        tags: Object.fromEntries((mapping.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      });
    }
    // AWS ends with an empty token, moto with none.
    token = page.PaginationToken || undefined;
  } while (token);
  return out;
}

/**
 * The tables to copy now: the whitelist when it is not empty, else the tagged tables; either
 * way only those whose stream shows new images. A tagging API failure throws (the caller keeps
 * the current set); a DescribeTable failure leaves that table `unknown`.
 */
export async function discoverTables(
  config: { whitelist: string[]; rules: TagRules },
  deps: DiscoveryDeps,
): Promise<Discovery> {
  const result: Discovery = { eligible: new Map(), ineligible: [], unknown: [] };
  let candidates = config.whitelist;
  if (candidates.length === 0) {
    candidates = [];
    for (const { table, tags } of await taggedTables(deps.tagging)) {
      const verdict = tagVerdict(tags, config.rules);
      if (verdict.wanted) candidates.push(table);
      else {
        const nearMiss = config.rules.ingestionTagKey in tags || config.rules.envTagKey in tags;
        result.ineligible.push({ table, reason: verdict.reason, kind: 'tags', nearMiss });
      }
    }
  }
  await Promise.all(
    candidates.map(async (table) => {
      try {
        const info = eligibility(await deps.describeTable(table));
        if (info.eligible) result.eligible.set(table, info);
        else result.ineligible.push({ table, reason: info.reason, kind: 'table', nearMiss: true });
      } catch (error) {
        result.unknown.push({ table, error });
      }
    }),
  );
  return result;
}
