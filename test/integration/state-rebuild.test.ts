import { describe, expect, it } from 'vitest';
import { parse, stringify } from '../../src/records/exact-json.js';
import { kafka } from '../support/clients.js';
import { uniqueName } from '../support/names.js';
import { compareTopicWithTable, type StateCodec } from '../support/state.js';
import { createTable, deleteItem, type Item, putItem } from '../support/tables.js';
import { createTopic } from '../support/topics.js';

// Raw AttributeValue JSON is enough here: this proves the harness, not the record format.
const codec: StateCodec = {
  keyOf: (item) => JSON.stringify({ pk: item.pk?.S }),
  imageOfItem: (item) => stringify(parse(JSON.stringify(item)), true),
  imageOfValue: (value) => stringify(parse(value), true),
};

describe('rebuilding state from a topic and comparing it with a Scan', () => {
  it('agrees when the topic carries every change, and names the keys when it does not', async () => {
    const table = uniqueName('rebuild');
    const topic = uniqueName('rebuild');
    await createTable({ name: table, hashKey: { name: 'pk', type: 'S' } });
    await createTopic(topic, 3);

    const item = (pk: string, v: number): Item => ({ pk: { S: pk }, v: { N: String(v) } });
    const messages: { key: string; value: string | null }[] = [];
    const write = async (i: Item) => {
      await putItem(table, i);
      messages.push({ key: codec.keyOf(i), value: codec.imageOfItem(i) });
    };
    await write(item('a', 1));
    await write(item('b', 1));
    await write(item('a', 2));
    await write(item('c', 1));
    await deleteItem(table, { pk: { S: 'c' } });
    messages.push({ key: codec.keyOf(item('c', 0)), value: null });

    const producer = kafka().producer();
    await producer.send(
      topic,
      messages.map((m) => ({ ...m, headers: {} })),
    );

    expect(await compareTopicWithTable(topic, table, codec, { count: messages.length })).toEqual({
      matching: 2,
      missing: [],
      extra: [],
      differing: [],
    });

    // The table moves on without the topic: the comparison must say exactly how.
    await putItem(table, item('a', 3));
    await putItem(table, item('d', 1));
    await deleteItem(table, { pk: { S: 'b' } });
    await producer.send(topic, [
      { key: codec.keyOf(item('e', 1)), value: codec.imageOfItem(item('e', 1)), headers: {} },
    ]);
    await producer.close();
    expect(
      await compareTopicWithTable(topic, table, codec, { count: messages.length + 1 }),
    ).toEqual({
      matching: 0,
      missing: [codec.keyOf(item('d', 1))],
      extra: [codec.keyOf(item('b', 1)), codec.keyOf(item('e', 1))],
      differing: [codec.keyOf(item('a', 1))],
    });
  });
});
