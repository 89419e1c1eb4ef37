import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Admin, type AdminOptions } from '@platformatic/kafka';
import {
  prepareSecuredListeners,
  readSecurity,
  securedListenerUrls,
  securityFile,
} from './kafka-security.js';
import { fetchJars } from './maven.js';
import { spawnDetached } from './processes.js';
import { runCommand } from './run-command.js';
import type { Service } from './service.js';
import type { KafkaSecurity, StackSettings } from './settings.js';

/** The broker the tests run against; test/setup/containers.ts starts the same version's image. */
export const KAFKA_VERSION = '4.4.0';
const LOG4J_VERSION = '2.25.5';

function serverProperties(s: StackSettings, dataDir: string, securityProperties: string): string {
  const secured = securedListenerUrls(s);
  return `# One KRaft node (broker + controller) for tests: everything replicated once, on 127.0.0.1 only.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=${s.host}:${s.kafkaControllerPort}
listeners=PLAINTEXT://${s.host}:${s.kafkaPort},CONTROLLER://${s.host}:${s.kafkaControllerPort},${secured}
advertised.listeners=PLAINTEXT://${s.host}:${s.kafkaPort},${secured}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL
log.dirs=${dataDir}
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=2
${securityProperties}`;
}

const log4j2 = `<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders>
    <Console name="out" target="SYSTEM_OUT">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </Console>
  </Appenders>
  <Loggers>
    <Logger name="state.change.logger" level="WARN"/>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Root level="INFO"><AppenderRef ref="out"/></Root>
  </Loggers>
</Configuration>
`;

/**
 * A Kafka Uuid in Kafka's text form. Like Kafka's own, never one that starts with '-': StorageTool
 * would take it for an option (1 start in 64 failed so).
 */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

const runDirOf = (s: StackSettings) => join(s.stateDir, 'kafka');
const securityDirOf = (s: StackSettings) => join(runDirOf(s), 'security');

/** The running broker's `kafkaSecurity` as a file of its own, for KAFKA_SECURITY_FILE. */
export const kafkaSecurityFileOf = (s: StackSettings) => securityFile(securityDirOf(s));

/** What clients of the running broker need for its secured listeners (see kafka-security.ts). */
export function kafkaSecurityOf(s: StackSettings): KafkaSecurity {
  const security = readSecurity(securityDirOf(s));
  if (!security) throw new Error(`kafka: no ${kafkaSecurityFileOf(s)}: is the broker running?`);
  return security;
}

/** True when the listener answers a metadata request: TLS and SASL included where they apply. */
async function answers(options: Pick<AdminOptions, 'bootstrapBrokers' | 'tls' | 'sasl'>) {
  // Short timeouts: `up` polls this, and `status` must not hang on a wedged broker.
  const admin = new Admin({
    clientId: 'stack-ready',
    retries: 0,
    connectTimeout: 1000,
    requestTimeout: 5000,
    ...options,
  });
  try {
    const metadata = await admin.metadata({ topics: [] });
    return metadata.brokers.size > 0;
  } finally {
    await admin.close();
  }
}

/** Every listener must work before `up` returns: the tests use them all. */
async function allListenersAnswer(s: StackSettings): Promise<boolean> {
  const security = readSecurity(securityDirOf(s));
  if (!security) return false;
  const ca = readFileSync(security.caFile);
  const results = await Promise.all([
    answers({ bootstrapBrokers: [`${s.host}:${s.kafkaPort}`] }),
    answers({
      bootstrapBrokers: [security.saslSslBrokers],
      tls: { ca },
      sasl: {
        mechanism: 'SCRAM-SHA-512',
        username: security.username,
        password: security.password,
      },
    }),
    answers({
      bootstrapBrokers: [security.sslBrokers],
      tls: {
        ca,
        cert: readFileSync(security.clientCertFile),
        key: readFileSync(security.clientKeyFile),
      },
    }),
  ]);
  return results.every(Boolean);
}

export function createKafka(s: StackSettings): Service {
  const home = join(s.cacheDir, `kafka-${KAFKA_VERSION}`);
  const lib = join(home, 'lib');
  const runDir = runDirOf(s);
  const logFile = join(s.stateDir, 'kafka.log');
  const marker = `-Ddkc.stack=kafka:${s.kafkaPort}`;
  const classpath = `${lib}/*`;
  // IPv4 stack: listeners show as plain 127.0.0.1; no log4j hook: Kafka's own shutdown lines are kept.
  const jvm = [
    '-Xms128m',
    '-Xmx512m',
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    '-Djava.net.preferIPv4Stack=true',
    '-Dlog4j2.shutdownHookEnabled=false',
  ];
  return {
    name: 'kafka',
    marker,
    ports: [s.kafkaPort, s.kafkaControllerPort, s.kafkaSaslSslPort, s.kafkaSslPort],
    logFile,
    startTimeoutMs: 90_000,
    async install() {
      await fetchJars(home, 'kafka', [
        { groupId: 'org.apache.kafka', artifactId: 'kafka_2.13', version: KAFKA_VERSION },
        // Kafka logs through slf4j 1.x; this binds it to log4j2 so the broker's log is readable.
        { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-core', version: LOG4J_VERSION },
        {
          groupId: 'org.apache.logging.log4j',
          artifactId: 'log4j-slf4j-impl',
          version: LOG4J_VERSION,
        },
      ]);
    },
    async launch() {
      // Every start is a fresh single-use cluster: no state from a killed broker can break it.
      rmSync(runDir, { recursive: true, force: true });
      mkdirSync(runDir, { recursive: true });
      const secured = await prepareSecuredListeners(s, securityDirOf(s));
      const properties = join(runDir, 'server.properties');
      const log4jFile = join(runDir, 'log4j2.xml');
      writeFileSync(properties, serverProperties(s, join(runDir, 'data'), secured.properties), {
        mode: 0o600,
      });
      writeFileSync(log4jFile, log4j2);
      const logging = [`-Dlog4j2.configurationFile=${log4jFile}`, `-Dkafka.logs.dir=${runDir}`];
      // Kafka's own StorageTool formats the log dir, as kafka-storage.sh would.
      const clusterId = newClusterId();
      await runCommand('java', [
        ...jvm,
        ...logging,
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        '--standalone',
        '-t',
        clusterId,
        '-c',
        properties,
        ...secured.formatArgs,
      ]);
      const pid = spawnDetached(
        'java',
        [...jvm, ...logging, marker, '-cp', classpath, 'kafka.Kafka', properties],
        {
          logFile,
          cwd: runDir,
        },
      );
      return pid;
    },
    cleanup() {
      rmSync(runDir, { recursive: true, force: true });
    },
    ready: () => allListenersAnswer(s),
  };
}
