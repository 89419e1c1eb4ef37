import { ConfigError, errorMessage } from '../errors.js';
import { failoverCommand } from './failover-command.js';
import { replicateCommand } from './replicate-command.js';
import { runCommand } from './run-command.js';
import { snapshotCommand } from './snapshot-command.js';
import { verifyCommand } from './verify-command.js';
import { version } from './version.js';

const usage = `usage: dynamodb-kafka-connect <command> [options]

Streams Amazon DynamoDB tables into Apache Kafka: a snapshot (INIT_SYNC), then the table's
DynamoDB Stream (SYNC).

commands:
  run --config <file>                        copy the configured tables until SIGINT/SIGTERM
  verify --config <file> --table <t> [--region <r>]
                                             rebuild the table from its topic and compare with a Scan
  snapshot --config <file> --table <t>       ask the running worker for a fresh snapshot of one table
  failover --config <file> --table <t> --region <r>
                                             ask the running worker to read a global table's replica in r
  replicate --config <file> --table <t> --to <target> [--region <r>] [--endpoint <url>] [--check]
                                             apply the table's topic to another table (docs/REPLICATE.md)

options:
  --help       show this help
  --version    print the version

<file> is JSON, or YAML when it ends in .yaml or .yml (docs/CONFIG.md).

exit codes: 0 done, 1 failure (verify, replicate --check: mismatch), 2 bad usage or configuration`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  run: runCommand,
  verify: verifyCommand,
  snapshot: snapshotCommand,
  failover: failoverCommand,
  replicate: replicateCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === 'help') {
    console.log(usage);
    return 0;
  }
  if (first === '--version') {
    console.log(version());
    return 0;
  }
  const command = commands[first];
  if (!command) {
    console.error(`dynamodb-kafka-connect: unknown command '${first}'\n\n${usage}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    // Bad configuration: one line per problem, no stack trace.
    if (err instanceof ConfigError) {
      for (const problem of err.problems) console.error(problem);
      return 2;
    }
    console.error(`dynamodb-kafka-connect ${first}: ${errorMessage(err)}`);
    return 1;
  }
}
