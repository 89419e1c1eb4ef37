/**
 * Rebuilds a table's state from its topic the way a downstream consumer does: records in topic
 * order, last value per key wins, a record whose value says "deleted" removes the key.
 */
export interface KeyedRecord {
  key: string | null;
  value: string | null;
}

/**
 * @param imageOf turns a record value into the item's comparable form, or null when the record
 *   deletes the item (a tombstone always does, before imageOf is asked).
 */
export function rebuildState(
  records: Iterable<KeyedRecord>,
  imageOf: (value: string) => string | null,
): Map<string, string> {
  const state = new Map<string, string>();
  for (const record of records) {
    if (record.key === null) throw new Error('record without a key: cannot rebuild state');
    const image = record.value === null ? null : imageOf(record.value);
    if (image === null) state.delete(record.key);
    else state.set(record.key, image);
  }
  return state;
}

export interface StateDiff {
  matching: number;
  /** In the table, not in the topic. */
  missing: string[];
  /** In the topic, not in the table. */
  extra: string[];
  /** In both, with different values. */
  differing: string[];
}

export function compareStates(table: Map<string, string>, topic: Map<string, string>): StateDiff {
  const diff: StateDiff = { matching: 0, missing: [], extra: [], differing: [] };
  for (const [key, value] of table) {
    const fromTopic = topic.get(key);
    if (fromTopic === undefined) diff.missing.push(key);
    else if (fromTopic === value) diff.matching += 1;
    else diff.differing.push(key);
  }
  for (const key of topic.keys()) if (!table.has(key)) diff.extra.push(key);
  // Sorted, so reports and tests do not depend on the order partitions were read in.
  diff.missing.sort();
  diff.extra.sort();
  diff.differing.sort();
  return diff;
}

export function statesEqual(diff: StateDiff): boolean {
  return diff.missing.length === 0 && diff.extra.length === 0 && diff.differing.length === 0;
}
