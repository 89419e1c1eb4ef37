import { createServer } from 'node:net';
import {
  GenericContainer,
  getContainerRuntimeClient,
  type StartedTestContainer,
  Wait,
} from 'testcontainers';
import { KAFKA_VERSION } from '../../scripts/local-stack/kafka.js';
import { MOTO_VERSION } from '../../scripts/local-stack/moto.js';
import type { TestEndpoints } from './endpoints.js';

export async function dockerAvailable(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The same three servers as the local stack, as containers. Kafka must advertise the port the
 * host sees, so that port is chosen first and bound explicitly.
 */
export async function startContainers(): Promise<{
  endpoints: TestEndpoints;
  stop: () => Promise<void>;
}> {
  const kafkaPort = await freePort();
  const started: StartedTestContainer[] = [];
  const track = (c: StartedTestContainer) => {
    started.push(c);
    return c;
  };
  try {
    const [kafka, dynamodb, moto] = await Promise.all([
      new GenericContainer(`apache/kafka:${KAFKA_VERSION}`)
        .withExposedPorts({ container: 9092, host: kafkaPort })
        .withEnvironment({
          KAFKA_NODE_ID: '1',
          KAFKA_PROCESS_ROLES: 'broker,controller',
          KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
          KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
          KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
          KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
          KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
          KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
        })
        .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
        .start()
        .then(track),
      new GenericContainer('amazon/dynamodb-local:latest')
        .withCommand(['-jar', 'DynamoDBLocal.jar', '-inMemory', '-sharedDb'])
        .withExposedPorts(8000)
        .withWaitStrategy(Wait.forListeningPorts())
        .start()
        .then(track),
      new GenericContainer(`motoserver/moto:${MOTO_VERSION}`)
        .withExposedPorts(5000)
        .withWaitStrategy(Wait.forHttp('/moto-api/data.json', 5000))
        .start()
        .then(track),
    ]);
    return {
      endpoints: {
        kafkaBrokers: `127.0.0.1:${kafkaPort}`,
        dynamodbEndpoint: `http://${dynamodb.getHost()}:${dynamodb.getMappedPort(8000)}`,
        taggingEndpoint: `http://${moto.getHost()}:${moto.getMappedPort(5000)}`,
        source: 'testcontainers',
      },
      stop: async () => {
        await Promise.all([kafka, dynamodb, moto].map((c) => c.stop()));
      },
    };
  } catch (err) {
    await Promise.all(started.map((c) => c.stop().catch(() => {})));
    throw err;
  }
}
