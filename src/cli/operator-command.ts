import type { Config } from '../config/load.js';
import { type OffsetEntry, OffsetStore } from '../kafka/offset-store.js';
import { createLogger } from '../observability/logger.js';
import { createClients } from './clients.js';

/**
 * Writes an operator's command (`snapshot`, `failover`) to the connector's offsets topic: the
 * worker running the connector follows that topic and acts within seconds, one started later
 * when it reads its offsets.
 */
export async function sendOperatorCommand(config: Config, entry: OffsetEntry): Promise<void> {
  const logger = createLogger({ level: 'warn', format: 'pretty', connector: config.name });
  const clients = createClients(config, logger);
  const producer = clients.kafka.producer();
  try {
    await OffsetStore.sendCommand(producer, config.kafka.offsetsTopic, config.name, entry);
  } finally {
    await producer.close();
    await clients.close();
  }
}
