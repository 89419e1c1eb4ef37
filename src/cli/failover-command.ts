import { loadConfig } from '../config/load.js';
import { ConfigError } from '../errors.js';
import { type RegionCommand, regionCommandPartition } from '../kafka/offsets-format.js';
import { parseOptions, regionProblem } from './args.js';
import { sendOperatorCommand } from './operator-command.js';

/**
 * `failover --config <file> --table <t> --region <r>`: asks the worker running this connector to
 * read a global table's replica in region r (one of aws.regions; home too, to go back). Like
 * `snapshot`, the request is a record on the offsets topic: a running worker acts within
 * seconds, one started later when it starts.
 */
export async function failoverCommand(args: string[]): Promise<number> {
  const options = parseOptions(args, ['config', 'table', 'region']);
  const config = loadConfig(options.config);
  const problems = [
    ...(options.table ? [] : ['usage: failover needs --table <name>']),
    ...(options.region ? [] : ['usage: failover needs --region <region>']),
    ...(options.region ? [regionProblem(config.aws, options.region) ?? []].flat() : []),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  const { table, region } = options as { table: string; region: string };
  const now = Date.now();
  await sendOperatorCommand(config, {
    partition: regionCommandPartition(table),
    value: { requested_at: now, region } satisfies RegionCommand,
  });
  console.log(
    `move of ${table} to ${region} requested for connector ${config.name} (requested_at ${now}); the worker logs 'global table: failover' with reason operator when it moves`,
  );
  return 0;
}
