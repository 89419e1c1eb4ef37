import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../scripts/local-stack/run-command.js';
import { stackSettings } from '../../scripts/local-stack/settings.js';
import { javaPartition } from '../../src/kafka/java-partitioner.js';
import { endpoints, kafka } from '../support/clients.js';
import { kafkaClasspath } from '../support/java-reader.js';
import { uniqueName } from '../support/names.js';
import { createTopic, readAll } from '../support/topics.js';

const PARTITIONS = 12;
const keys = Array.from({ length: 300 }, (_, i) =>
  i % 3 === 0
    ? JSON.stringify({ pk: `order-${i}` })
    : JSON.stringify({ pk: `cust-${i % 17}`, sk: i }),
);

/** Where each key landed, as read back from the broker. */
async function placement(topic: string): Promise<Map<string, number>> {
  return new Map((await readAll(topic)).map((r) => [r.key as string, r.partition]));
}

describe('key placement', () => {
  it('puts every key on the partition the Java producer chooses for it', async () => {
    const ours = uniqueName('placement-ours');
    const java = uniqueName('placement-java');
    await createTopic(ours, PARTITIONS);
    await createTopic(java, PARTITIONS);

    const producer = kafka().producer();
    await producer.send(
      ours,
      keys.map((key) => ({ key, value: 'x', headers: {} })),
    );
    await producer.close();

    // Kafka's own Java producer (kafka-clients from the jars the local stack runs), same keys.
    const settings = stackSettings();
    const lib = await kafkaClasspath();
    const input = join(settings.stateDir, `${java}.txt`);
    writeFileSync(input, `${keys.join('\n')}\n`);
    try {
      const source = fileURLToPath(
        new URL('../support/java/JavaKeyedProducer.java', import.meta.url),
      );
      await runCommand('sh', [
        '-c',
        `java -cp '${lib}' '${source}' ${endpoints().kafkaBrokers} ${java} < '${input}'`,
      ]);
    } finally {
      rmSync(input, { force: true });
    }

    const fromUs = await placement(ours);
    const fromJava = await placement(java);
    expect(fromUs.size).toBe(keys.length);
    expect(fromJava.size).toBe(keys.length);
    for (const key of keys) {
      expect(fromUs.get(key), key).toBe(fromJava.get(key));
      expect(fromUs.get(key), key).toBe(javaPartition(Buffer.from(key), PARTITIONS));
    }
    // A real spread, not everything on one partition.
    expect(new Set(fromUs.values()).size).toBe(PARTITIONS);
  });
});
