import type { KafkaConfig } from '../config/kafka-rules.js';
import type { Logger } from '../observability/logger.js';
import {
  type ConnectionDeps,
  type ConnectionSettings,
  connectionSettings,
} from './connection-options.js';
import { GroupConsumer, type GroupConsumerOptions } from './group-consumer.js';
import { GroupMembership, type MembershipOptions } from './group-membership.js';
import type { GroupProtocol } from './group-protocol.js';
import { type Compression, RecordProducer, type Transactional } from './record-producer.js';
import { TopicAdmin } from './topic-admin.js';
import { type ReadOptions, type ReadRecord, readTopic, topicEndOffsets } from './topic-reader.js';

/**
 * The Kafka layer as the rest of the connector sees it: producers, topic admin and a topic
 * reader, all connecting with the same settings. Nothing outside src/kafka imports the client.
 */
export class KafkaClient {
  constructor(
    readonly settings: ConnectionSettings,
    private readonly compression: Compression,
  ) {}

  /** A new producer (transactional when given an id); the caller closes it. */
  producer(transactional?: Transactional): RecordProducer {
    return new RecordProducer(this.settings, this.compression, transactional);
  }

  /** A new admin client; the caller closes it. */
  admin(): TopicAdmin {
    return new TopicAdmin(this.settings);
  }

  /** This worker's membership in its connector's consumer group (run it, then it leaves). */
  membership<S>(
    opts: MembershipOptions,
    protocol: GroupProtocol<S>,
    logger: Logger,
  ): GroupMembership<S> {
    return new GroupMembership(this.settings, opts, protocol, logger);
  }

  /** A consumer group member reading one topic, committing when told (close it). */
  groupConsumer(opts: GroupConsumerOptions, logger: Logger): GroupConsumer {
    return new GroupConsumer(this.settings, opts, logger);
  }

  readTopic(topic: string, onRecord: (r: ReadRecord) => void, opts?: ReadOptions): Promise<number> {
    return readTopic(this.settings, topic, onRecord, opts);
  }

  endOffsets(topic: string): Promise<bigint[]> {
    return topicEndOffsets(this.settings, topic);
  }
}

export function createKafkaClient(kafka: KafkaConfig, deps: ConnectionDeps): KafkaClient {
  return new KafkaClient(connectionSettings(kafka, deps), kafka.compression as Compression);
}

/** A plaintext client with the connector's defaults, for tools and tests on a local broker. */
export function plainKafkaClient(
  brokers: string[],
  clientId: string,
  compression: Compression = 'none',
): KafkaClient {
  return new KafkaClient(
    { clientId, bootstrapBrokers: brokers, retries: 5, retryDelay: 200, connectTimeout: 5000 },
    compression,
  );
}
