#!/usr/bin/env node
import { readFileSync } from 'node:fs';

const usage = `usage: dynamodb-kafka-connect <command> [options]

Streams Amazon DynamoDB tables into Apache Kafka: a snapshot (INIT_SYNC), then the table's
DynamoDB Stream (SYNC).

options:
  --help       show this help
  --version    print the version`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return String(pkg.version);
}

/** Exit codes: 0 done, 2 bad usage or configuration (as for every command to come). */
export function main(argv: string[]): number {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === 'help') {
    console.log(usage);
    return 0;
  }
  if (first === '--version') {
    console.log(version());
    return 0;
  }
  console.error(`dynamodb-kafka-connect: unknown command '${first}'\n\n${usage}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
