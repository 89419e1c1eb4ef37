import { loadConfig } from '../config/load.js';
import { eligibility } from '../discovery/eligibility.js';
import { ConfigError } from '../errors.js';
import { createLogger } from '../observability/logger.js';
import { formatReport, verifyTable } from '../verify/verify-table.js';
import { parseOptions, regionProblem } from './args.js';
import { createClients } from './clients.js';

/**
 * `verify --config <file> --table <t> [--region <r>]`: exit 0 only when the topic rebuilds the
 * table exactly; a global table's replica in another region of aws.regions with --region.
 */
export async function verifyCommand(args: string[]): Promise<number> {
  const options = parseOptions(args, ['config', 'table', 'region']);
  if (!options.table) throw new ConfigError(['usage: verify needs --table <name>']);
  const config = loadConfig(options.config);
  const region = options.region ?? config.aws.region;
  const problem = regionProblem(config.aws, region);
  if (problem) throw new ConfigError([problem]);
  const logger = createLogger({ level: 'warn', format: 'pretty', connector: config.name });
  const clients = createClients(config, logger);
  // A region of aws.regions other than home has its clients among the replicas.
  const replica = clients.replicas.get(region) ?? clients;
  const described = await replica.dynamodb.describeTable(options.table);
  const schema = described?.Table?.KeySchema;
  if (!schema) {
    console.error(`verify ${options.table}: table not found`);
    return 1;
  }
  const info = eligibility(described);
  const keyNames = info.eligible
    ? info.keyNames
    : ['HASH', 'RANGE'].flatMap((t) =>
        schema.filter((k) => k.KeyType === t).map((k) => k.AttributeName as string),
      );
  const report = await verifyTable(
    { scan: replica.verifyScan, kafka: clients.kafka },
    {
      table: options.table,
      topic: `${config.kafka.topicPrefix}${options.table}`,
      keyNames,
      format: config.output.format as 'envelope' | 'new_image',
      stripReplication: config.globalTable.stripReplicationAttributes,
    },
  );
  for (const line of formatReport(report)) console.log(line);
  return report.equal ? 0 : 1;
}
