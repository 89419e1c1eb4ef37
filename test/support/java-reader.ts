import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKafka, KAFKA_VERSION } from '../../scripts/local-stack/kafka.js';
import { runCommand } from '../../scripts/local-stack/run-command.js';
import { stackSettings } from '../../scripts/local-stack/settings.js';
import { endpoints } from './clients.js';
import { readAll } from './topics.js';

/** By partition, then offset: both readers read partitions side by side. */
function inOrder(positions: string[]): string[] {
  const parts = (p: string) => p.split(':').map(BigInt) as [bigint, bigint];
  return positions.sort((a, b) => {
    const [pa, oa] = parts(a);
    const [pb, ob] = parts(b);
    return pa !== pb ? (pa < pb ? -1 : 1) : oa < ob ? -1 : oa > ob ? 1 : 0;
  });
}

/** The classpath of the jars the local stack runs Kafka from (kafka-clients included). */
export async function kafkaClasspath(): Promise<string> {
  const settings = stackSettings();
  await createKafka(settings).install();
  return join(settings.cacheDir, `kafka-${KAFKA_VERSION}`, 'lib', '*');
}

const SOURCE = fileURLToPath(new URL('./java/JavaCommittedReader.java', import.meta.url));

/** "partition:offset" of every record Kafka's own Java consumer reads read_committed, in order. */
export async function javaCommittedOffsets(topic: string): Promise<string[]> {
  const settings = stackSettings();
  const lib = await kafkaClasspath();
  const output = join(settings.stateDir, `${topic}.java-read.txt`);
  try {
    await runCommand('java', ['-cp', lib, SOURCE, endpoints().kafkaBrokers, topic, output]);
    return inOrder(readFileSync(output, 'utf8').split('\n').filter(Boolean));
  } finally {
    rmSync(output, { force: true });
  }
}

/** The same from our reader (read_committed, as every reader of the worker reads). */
export async function ourCommittedOffsets(topic: string): Promise<string[]> {
  return inOrder((await readAll(topic)).map((r) => `${r.partition}:${r.offset}`));
}
