import type { Admin } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

/**
 * Creates the topic when missing; an existing topic is used as it is (DESIGN §4), whatever its
 * partitions or configs, since a user may have created it on purpose.
 */
export async function ensureTopic(admin: Admin, spec: TopicSpec): Promise<'created' | 'exists'> {
  const existing = await admin.listTopics();
  if (existing.includes(spec.topic)) return 'exists';
  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [
      {
        topic: spec.topic,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicationFactor,
        configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
      },
    ],
  });
  // false = another process created it between the list and the create: fine, it exists.
  return created ? 'created' : 'exists';
}
