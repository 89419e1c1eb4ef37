import { kafkaSecurityFileOf } from './kafka.js';
import { stackSettings } from './settings.js';
import { stackDown, stackStatus, stackUp } from './stack.js';

const usage = `usage: scripts/stack up|down|status

  up      start Kafka (KRaft), DynamoDB Local and moto on 127.0.0.1 (idempotent);
          downloads jars with Maven and moto with pip into the cache on first use
  down    stop what 'up' started, by pid
  status  say what runs where

environment: STACK_KAFKA_PORT (19092), STACK_KAFKA_CONTROLLER_PORT (19093),
  STACK_KAFKA_SASL_SSL_PORT (19094), STACK_KAFKA_SSL_PORT (19095),
  STACK_DYNAMODB_PORT (18000), STACK_MOTO_PORT (15000), DKC_CACHE_DIR, DKC_STACK_DIR`;

async function main(command: string | undefined): Promise<number> {
  const log = (line: string) => console.log(line);
  switch (command) {
    case 'up': {
      const result = await stackUp('manual', { log });
      const { kafkaBrokers, dynamodbEndpoint, taggingEndpoint, kafkaSecurity } = result.endpoints;
      const settings = stackSettings();
      console.log(
        `started: ${result.started.join(', ') || 'none'}; already running: ${result.reused.join(', ') || 'none'}`,
      );
      console.log(`export KAFKA_BROKERS=${kafkaBrokers}`);
      console.log(`export DYNAMODB_ENDPOINT=${dynamodbEndpoint}`);
      console.log(`export TAGGING_ENDPOINT=${taggingEndpoint}`);
      console.log(`export KAFKA_SECURITY_FILE=${kafkaSecurityFileOf(settings)}`);
      console.log(
        `(secured Kafka: SASL_SSL ${kafkaSecurity.saslSslBrokers} as '${kafkaSecurity.username}' ` +
          `(SCRAM-SHA-512, SCRAM-SHA-256, PLAIN, OAUTHBEARER), SSL ${kafkaSecurity.sslBrokers} ` +
          `with a client certificate; CA ${kafkaSecurity.caFile})`,
      );
      // Secrets stay off the terminal (and its scrollback): they are in files only the user reads.
      console.log(
        '(the password and the client key passphrase are not printed: they are in endpoints.json ' +
          'and $KAFKA_SECURITY_FILE)',
      );
      console.log(`(also written to ${settings.stateDir}/endpoints.json)`);
      return 0;
    }
    case 'down': {
      const outcome = await stackDown();
      for (const [name, what] of Object.entries(outcome)) console.log(`${name}: ${what}`);
      return 0;
    }
    case 'status': {
      const status = await stackStatus();
      for (const s of status.services) {
        const where = s.ports.map((p) => `127.0.0.1:${p}`).join(', ');
        const state =
          s.pid === undefined
            ? 'stopped'
            : `pid ${s.pid}, ${s.answering ? 'answering' : 'NOT answering'}`;
        console.log(`${s.name.padEnd(9)} ${state.padEnd(26)} ${where}  log: ${s.logFile}`);
      }
      if (status.ownership)
        console.log(`started by: ${status.ownership.startedBy} (pid ${status.ownership.ownerPid})`);
      return status.services.every((s) => s.pid !== undefined && s.answering) ? 0 : 3;
    }
    default:
      console.error(usage);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`scripts/stack: ${err.message}`);
    process.exit(1);
  },
);
