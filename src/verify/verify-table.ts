import { itemJson, keyJson } from '../dynamodb/attribute-json.js';
import { fromJsonItem, type JsonItem } from '../dynamodb/json-attributes.js';
import type { KafkaClient } from '../kafka/kafka-client.js';
import { parse, stringify } from '../records/exact-json.js';
import { withoutReplicationAttributes } from '../records/replication-attributes.js';
import {
  compareStates,
  type KeyedRecord,
  rebuildState,
  type StateDiff,
  statesEqual,
} from './rebuild-state.js';

export interface VerifyReport {
  table: string;
  topic: string;
  records: number;
  items: number;
  diff: StateDiff;
  equal: boolean;
}

const canonical = (text: string) => stringify(parse(text), true);

/** One Scan answer, JSON.parse'd: every member an own property, even one named `__proto__`. */
export interface WireScanOutput {
  Items?: JsonItem[];
  LastEvaluatedKey?: JsonItem;
}

export type VerifyScan = (input: {
  TableName: string;
  ConsistentRead: boolean;
  ExclusiveStartKey?: JsonItem;
}) => Promise<WireScanOutput>;

/** A record value as the item it leaves in a downstream state, or null when it deletes it. */
export function imageOf(format: 'envelope' | 'new_image'): (value: string) => string | null {
  if (format === 'new_image') return canonical;
  return (value) => {
    const envelope = parse(value) as { op?: string; after?: unknown };
    if (envelope.op === 'd' || envelope.after === null || envelope.after === undefined) return null;
    return stringify(envelope.after as never, true);
  };
}

/**
 * Rebuilds the table's state from its topic, from the beginning (tombstones delete), and compares
 * it with a strongly consistent Scan. Used by the `verify` command and by the tests.
 */
export async function verifyTable(
  deps: { scan: VerifyScan; kafka: KafkaClient },
  opts: {
    table: string;
    topic: string;
    keyNames: string[];
    format: 'envelope' | 'new_image';
    /** globalTable.stripReplicationAttributes: the records have no aws:rep:*, so nor has the Scan. */
    stripReplication?: boolean;
  },
): Promise<VerifyReport> {
  const records: KeyedRecord[] = [];
  await deps.kafka.readTopic(opts.topic, (m) => {
    records.push({
      key: m.key?.toString('utf8') ?? null,
      value: m.value?.toString('utf8') ?? null,
    });
  });
  const fromTopic = rebuildState(records, imageOf(opts.format));
  const fromTable = new Map<string, string>();
  let start: JsonItem | undefined;
  do {
    const page = await deps.scan({
      TableName: opts.table,
      ConsistentRead: true,
      ExclusiveStartKey: start,
    });
    for (const json of page.Items ?? []) {
      const item = fromJsonItem(json);
      const image = opts.stripReplication
        ? withoutReplicationAttributes(Buffer.from(itemJson(item))).toString('utf8')
        : itemJson(item);
      fromTable.set(keyJson(item, opts.keyNames), stringify(parse(image), true));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  const diff = compareStates(fromTable, fromTopic);
  return {
    table: opts.table,
    topic: opts.topic,
    records: records.length,
    items: fromTable.size,
    diff,
    equal: statesEqual(diff),
  };
}

export function formatReport(report: VerifyReport, examples = 5): string[] {
  const { diff } = report;
  const lines = [
    `verify ${report.table}: matching ${diff.matching}, missing ${diff.missing.length}, extra ${diff.extra.length}, differing ${diff.differing.length}`,
    `  (${report.items} items in the table, ${report.records} records in ${report.topic})`,
  ];
  for (const [kind, keys] of [
    ['missing', diff.missing],
    ['extra', diff.extra],
    ['differing', diff.differing],
  ] as const) {
    if (keys.length > 0)
      lines.push(
        `  ${kind}: ${keys.slice(0, examples).join(' ')}${keys.length > examples ? ' …' : ''}`,
      );
  }
  lines.push(report.equal ? '  OK: the topic rebuilds the table exactly' : '  MISMATCH');
  return lines;
}
