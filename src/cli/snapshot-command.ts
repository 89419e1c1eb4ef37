import { loadConfig } from '../config/load.js';
import { ConfigError } from '../errors.js';
import { OffsetStore } from '../kafka/offset-store.js';
import { createLogger } from '../observability/logger.js';
import { parseOptions } from './args.js';
import { createClients } from './clients.js';

/**
 * `snapshot --config <file> --table <t>`: asks the worker(s) running this connector for a fresh
 * snapshot of one table. The request is a record on the offsets topic, so it reaches a running
 * worker within seconds and one started later too; the other tables go on as they are.
 */
export async function snapshotCommand(args: string[]): Promise<number> {
  const options = parseOptions(args, ['config', 'table']);
  if (!options.table) throw new ConfigError(['usage: snapshot needs --table <name>']);
  const config = loadConfig(options.config);
  const logger = createLogger({ level: 'warn', format: 'pretty', connector: config.name });
  const clients = createClients(config, logger);
  const producer = clients.kafka.producer();
  try {
    const now = Date.now();
    await OffsetStore.requestSnapshot(
      producer,
      config.kafka.offsetsTopic,
      config.name,
      options.table,
      now,
    );
    console.log(
      `snapshot of ${options.table} requested for connector ${config.name} (requested_at ${now}); the worker logs 'resync' with reason snapshot_requested when it starts`,
    );
    return 0;
  } finally {
    await producer.close();
    await clients.close();
  }
}
