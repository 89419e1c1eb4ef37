import { setAttribute, type WireItem } from './json-attributes.js';
import type { WritePlan } from './write-plan.js';

/** The condition and expression members of one PutItem or DeleteItem. */
export interface WriteCondition {
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: WireItem;
}

/**
 * Last writer wins by topic offset: the write lands only when the target item is absent, or was
 * written by an older record (its version attribute below this record's offset). A duplicate or
 * replayed record then fails the condition instead of overwriting something newer.
 */
export function writeCondition(plan: WritePlan, versionAttribute: string): WriteCondition {
  return {
    ConditionExpression: 'attribute_not_exists(#v) OR #v < :offset',
    ExpressionAttributeNames: { '#v': versionAttribute },
    ExpressionAttributeValues: { ':offset': { N: plan.offset.toString() } },
  };
}

/** The whole request body of the write, table name aside. */
export function writeRequest(
  plan: WritePlan,
  table: string,
  versionAttribute: string,
): { operation: 'PutItem' | 'DeleteItem'; input: Record<string, unknown> } {
  const condition = writeCondition(plan, versionAttribute);
  if (plan.kind === 'delete')
    return {
      operation: 'DeleteItem',
      input: { TableName: table, Key: plan.wireKey, ...condition },
    };
  const item: WireItem = { ...plan.item };
  setAttribute(item, versionAttribute, { N: plan.offset.toString() });
  return { operation: 'PutItem', input: { TableName: table, Item: item, ...condition } };
}
