import { Admin } from '@platformatic/kafka';
import { bootstrapOf, type ConnectionSettings } from './connection-options.js';
import { describeKafkaError, kafkaError } from './kafka-failure.js';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

/** Topic administration: the few calls the worker, verify, the tests and the bench need. */
export class TopicAdmin {
  private readonly admin: Admin;
  private readonly bootstrap: string[];

  constructor(settings: ConnectionSettings) {
    this.admin = new Admin(settings);
    this.bootstrap = bootstrapOf(settings);
  }

  private async call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw kafkaError(err, doing, this.bootstrap);
    }
  }

  /** The cluster id and broker count: the first call at start, which proves the connection. */
  async describeCluster(): Promise<{ clusterId: string; brokers: number }> {
    return this.call('connecting to Kafka', async () => {
      const metadata = await this.admin.metadata({ topics: [] });
      return { clusterId: metadata.id, brokers: metadata.brokers.size };
    });
  }

  listTopics(): Promise<string[]> {
    return this.call('listing topics', () => this.admin.listTopics());
  }

  /**
   * Creates the topic when missing; an existing topic is used as it is (DESIGN §4), whatever
   * its partitions or configs, since a user may have created it on purpose.
   */
  async ensureTopic(spec: TopicSpec): Promise<'created' | 'exists'> {
    if ((await this.listTopics()).includes(spec.topic)) return 'exists';
    try {
      await this.admin.createTopics({
        topics: [spec.topic],
        partitions: spec.partitions,
        replicas: spec.replicationFactor,
        configs: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
      });
      return 'created';
    } catch (err) {
      // Another process created it between the list and the create: fine, it exists.
      if (describeKafkaError(err).message.includes('TOPIC_ALREADY_EXISTS')) return 'exists';
      throw kafkaError(err, `creating topic ${spec.topic}`, this.bootstrap);
    }
  }

  deleteTopics(topics: string[]): Promise<void> {
    return this.call(`deleting ${topics.join(', ')}`, () => this.admin.deleteTopics({ topics }));
  }

  /** Records stored per partition (end offset minus first stored offset); [] when missing. */
  async recordCounts(topic: string): Promise<number[]> {
    if (!(await this.listTopics()).includes(topic)) return [];
    return this.call(`reading offsets of ${topic}`, async () => {
      const metadata = await this.admin.metadata({ topics: [topic] });
      const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
      const at = async (timestamp: bigint) => {
        const partitions = Array.from({ length: count }, (_, partitionIndex) => ({
          partitionIndex,
          timestamp,
        }));
        const [answer] = await this.admin.listOffsets({ topics: [{ name: topic, partitions }] });
        const offsets: bigint[] = [];
        for (const p of answer?.partitions ?? []) offsets[p.partitionIndex] = p.offset;
        return offsets;
      };
      const [earliest, latest] = await Promise.all([at(-2n), at(-1n)]);
      return latest.map((end, i) => Number(end - (earliest[i] ?? 0n)));
    });
  }

  async close(): Promise<void> {
    await this.admin.close().catch(() => {});
  }
}
