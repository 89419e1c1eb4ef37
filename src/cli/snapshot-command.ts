import { loadConfig } from '../config/load.js';
import { ConfigError } from '../errors.js';
import { type SnapshotCommand, snapshotCommandPartition } from '../kafka/offsets-format.js';
import { parseOptions } from './args.js';
import { sendOperatorCommand } from './operator-command.js';

/**
 * `snapshot --config <file> --table <t>`: asks the worker(s) running this connector for a fresh
 * snapshot of one table. The request is a record on the offsets topic, so it reaches a running
 * worker within seconds and one started later too; the other tables go on as they are.
 */
export async function snapshotCommand(args: string[]): Promise<number> {
  const options = parseOptions(args, ['config', 'table']);
  if (!options.table) throw new ConfigError(['usage: snapshot needs --table <name>']);
  const config = loadConfig(options.config);
  const now = Date.now();
  await sendOperatorCommand(config, {
    partition: snapshotCommandPartition(options.table),
    value: { requested_at: now } satisfies SnapshotCommand,
  });
  console.log(
    `snapshot of ${options.table} requested for connector ${config.name} (requested_at ${now}); the worker logs 'resync' with reason snapshot_requested when it starts`,
  );
  return 0;
}
