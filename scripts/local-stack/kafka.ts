import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { fetchJars } from './maven.js';
import { spawnDetached } from './processes.js';
import { runCommand } from './run-command.js';
import type { Service } from './service.js';
import type { StackSettings } from './settings.js';

/** Kafka 4.x: kafkajs 2.2.4 was checked against it, transactions and consumer groups included. */
export const KAFKA_VERSION = '4.4.0';
const LOG4J_VERSION = '2.25.5';

function serverProperties(s: StackSettings, dataDir: string): string {
  return `# One KRaft node (broker + controller) for tests: everything replicated once, on 127.0.0.1 only.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=${s.host}:${s.kafkaControllerPort}
listeners=PLAINTEXT://${s.host}:${s.kafkaPort},CONTROLLER://${s.host}:${s.kafkaControllerPort}
advertised.listeners=PLAINTEXT://${s.host}:${s.kafkaPort}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
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
`;
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

export function createKafka(s: StackSettings): Service {
  const home = join(s.cacheDir, `kafka-${KAFKA_VERSION}`);
  const lib = join(home, 'lib');
  const runDir = join(s.stateDir, 'kafka');
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
    ports: [s.kafkaPort, s.kafkaControllerPort],
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
      const properties = join(runDir, 'server.properties');
      const log4jFile = join(runDir, 'log4j2.xml');
      writeFileSync(properties, serverProperties(s, join(runDir, 'data')));
      writeFileSync(log4jFile, log4j2);
      const logging = [`-Dlog4j2.configurationFile=${log4jFile}`, `-Dkafka.logs.dir=${runDir}`];
      // Kafka's own StorageTool formats the log dir, as kafka-storage.sh would.
      const clusterId = randomBytes(16).toString('base64url');
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
    async ready() {
      const admin = new Kafka({
        clientId: 'stack-ready',
        brokers: [`${s.host}:${s.kafkaPort}`],
        connectionTimeout: 1000,
        retry: { retries: 0 },
        logLevel: logLevel.NOTHING,
      }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return cluster.brokers.length > 0 && cluster.controller !== null;
      } finally {
        await admin.disconnect();
      }
    },
  };
}
