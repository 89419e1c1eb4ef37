import { compareStates, rebuildState, type StateDiff } from '../../src/verify/rebuild-state.js';
import { type Item, scanAll } from './tables.js';
import { type ConsumeOptions, consumeTopic } from './topics.js';

/** How a test turns table items and topic values into comparable strings. */
export interface StateCodec {
  /** The Kafka key the item must have. */
  keyOf: (item: Item) => string;
  /** The item as the topic should show it. */
  imageOfItem: (item: Item) => string;
  /** A record value as a comparable image, or null when it deletes. */
  imageOfValue: (value: string) => string | null;
}

export async function stateFromTopic(
  topic: string,
  codec: StateCodec,
  opts: ConsumeOptions = { idleMs: 2000 },
): Promise<Map<string, string>> {
  return rebuildState(await consumeTopic(topic, opts), codec.imageOfValue);
}

export async function stateFromTable(
  table: string,
  codec: StateCodec,
): Promise<Map<string, string>> {
  return new Map(
    (await scanAll(table)).map((item) => [codec.keyOf(item), codec.imageOfItem(item)]),
  );
}

/** The core invariant: the state rebuilt from the topic equals a Scan of the table. */
export async function compareTopicWithTable(
  topic: string,
  table: string,
  codec: StateCodec,
  opts?: ConsumeOptions,
): Promise<StateDiff> {
  const [fromTable, fromTopic] = await Promise.all([
    stateFromTable(table, codec),
    stateFromTopic(topic, codec, opts),
  ]);
  return compareStates(fromTable, fromTopic);
}
