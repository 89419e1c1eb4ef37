/**
 * `npm run demo`: the connector end to end on the local stack, for newcomers.
 *
 * 1. starts (or reuses) the local stack: Kafka, DynamoDB Local, moto (left running afterwards);
 * 2. creates a fresh table `demo-orders-<time>` with a stream and five sample orders;
 * 3. runs the connector (`node dist/main.js run`) as a child process and shows its lifecycle logs;
 * 4. reads the table's topic and prints every record as it arrives: the snapshot (op `r`), then
 *    an insert, two updates and a delete made by the demo (ops `c`, `u`, `d` and a tombstone);
 * 5. runs `verify` (the topic must rebuild the table exactly), then keeps watching until Ctrl-C.
 *
 * `--once` stops after `verify` (exit 0 when it passed, 1 when it failed or a wait timed out).
 * Either way the connector is stopped with SIGTERM and waited for; the stack keeps running.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { stackUp } from '../local-stack/stack.js';
import { writeConnectorConfig } from './connector-config.js';
import { ConnectorProcess, MAIN } from './connector-process.js';
import { colors, info, say, tag } from './console.js';
import { CHANGE_RECORDS, DemoTable, SEED_IDS } from './demo-table.js';
import { type Op, recordFormatter, type Seen } from './record-format.js';
import { demoNames, REGION, STACK_UP_MS } from './settings.js';
import { createShutdown, type RunState } from './shutdown.js';
import { follow, kafkaClient, waitForTopic } from './topic-viewer.js';
import { startVerify } from './verify-process.js';
import { pollUntil, type WaitFor, within } from './wait.js';

const USAGE = `usage: npm run demo [-- --once]

  --once   exit after verify instead of watching for more changes (exit 1 if anything failed)`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const unknown = args.filter((a) => a !== '--once');
if (unknown.length > 0) {
  console.error(`demo: unknown option ${unknown.join(' ')}\n\n${USAGE}`);
  process.exit(2);
}
const ONCE = args.includes('--once');

// The AWS SDK warns on every start that its 2027 releases will need Node 22; in a demo that
// reads like a failure (the project supports Node >= 20.19), so the demo and its children skip it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { bold, dim, red, green, blue } = colors;
const names = demoNames(new Date(), Math.random);
const format = recordFormatter(colors);

const run: RunState = { stopping: false, failed: false, stackReady: false };
const shutdown = createShutdown(run);
/** The topic's records so far, for the narration's waits. */
const seen: Seen[] = [];
const saw = (op: Op, id: string | undefined) => seen.some((s) => s.op === op && s.id === id);

/** Ends the main flow quietly when a shutdown (Ctrl-C, say) began while it was waiting. */
function go(): void {
  if (run.stopping) throw new Error('stopping');
}

/**
 * pollUntil that also gives up at once when a shutdown began, or when the connector has exited
 * (what the demo waits for would then never come).
 */
const waitFor: WaitFor = (what, check, everyMs) =>
  pollUntil(
    what,
    async () => {
      go();
      if (await check()) return true;
      if (run.connector?.exit) throw new Error(`the connector exited while waiting for ${what}`);
      return false;
    },
    everyMs,
  );

async function main(): Promise<void> {
  console.log(bold('dynamodb-kafka-connect demo'));
  info('This copies a DynamoDB table into Kafka, live: first a snapshot of every item (op r),');
  info(
    'then every change from the table’s DynamoDB Stream (c insert, u update, d delete + tombstone).',
  );
  info('Everything runs locally: Kafka, DynamoDB Local and moto on 127.0.0.1.');
  info(
    ONCE
      ? 'Mode --once: the demo stops by itself after the final check.'
      : 'Press Ctrl-C at any time to stop.',
  );

  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: build first with 'npm run build' (npm run demo does it)`);
  }

  say('Starting the local stack (or reusing it if it is already running)…');
  info(
    dim(
      'The very first run downloads Kafka and DynamoDB Local with Maven: that can take 1–2 minutes.',
    ),
  );
  const up = await within(
    'starting the local stack',
    stackUp('manual', { log: (l) => console.log(`${tag('stack')} ${dim(l)}`) }),
    STACK_UP_MS,
  );
  run.stackReady = true;
  go();
  const { kafkaBrokers, dynamodbEndpoint } = up.endpoints;
  const parts = [
    up.started.length > 0 ? `started ${up.started.join(', ')}` : '',
    up.reused.length > 0 ? `reused ${up.reused.join(', ')}` : '',
  ].filter(Boolean);
  info(`Stack ready (${parts.join('; ')}): Kafka ${kafkaBrokers}, DynamoDB ${dynamodbEndpoint}`);

  say(`Creating table ${bold(names.table)} (hash key order_id, stream NEW_AND_OLD_IMAGES)…`);
  const table = new DemoTable(names.table, dynamodbEndpoint);
  run.table = table;
  const written = await table.create();
  go();
  info(
    `Wrote ${written} orders (strings, numbers incl. decimals, booleans, a list of items, an address map).`,
  );

  say('Starting the connector…');
  const configPath = writeConnectorConfig(names, up.endpoints);
  info(`config: ${configPath}`);
  info(dim(`command: node dist/main.js run --config ${configPath}`));
  go();
  run.connector = new ConnectorProcess(configPath);

  say(
    `Reading topic ${bold(names.topic)} from the beginning (key = primary key, value = change envelope):`,
  );
  const kafka = kafkaClient(kafkaBrokers);
  await waitForTopic(kafka, names.topic, waitFor);
  run.viewer = follow(
    kafka,
    names.topic,
    (key, value) => {
      const record = format(key, value);
      if (record.seen) seen.push(record.seen);
      console.log(record.line);
    },
    (message) => {
      if (!run.stopping) void shutdown(1, `reading the topic failed: ${message}`);
    },
  );
  go();

  const snapshotSize = SEED_IDS.length;
  await waitFor(
    `${snapshotSize} snapshot records and phase SYNC`,
    () =>
      seen.filter((s) => s.op === 'r').length >= snapshotSize && run.connector?.phase === 'SYNC',
  );
  say(
    `Snapshot done: ${snapshotSize} records with op r. The connector read the table’s DynamoDB Stream`,
  );
  info(
    `beside the scan, so the ${snapshotSize} writes made before the snapshot are not sent again, and from`,
  );
  info('now on (phase SYNC) only the changes you make arrive, each once, in order per key.');

  say('Now let’s change some orders, a second apart…');
  for (const change of table.changes()) {
    await sleep(1000);
    go();
    console.log(blue(`  » ${change.text}`));
    await within(change.text, change.run());
  }
  await waitFor('the c, u, u, d and tombstone records of the changes', () =>
    CHANGE_RECORDS.every((r) => saw(r.op, r.id)),
  );

  say('Checking: can the topic alone rebuild the table? (node dist/main.js verify)');
  const verify = startVerify(configPath, names.table);
  run.verifyChild = verify.child;
  const ok = await verify.passed;
  go();
  if (ok) {
    console.log(green('  ✓ verify passed'));
  } else {
    run.failed = true;
    console.log(red('  ✗ verify failed: the topic does not rebuild the table (see above)'));
  }
  // After the snapshot, the topic holds the changes made here and nothing else (no copies of
  // writes the snapshot already holds): checked once verify had time to let stragglers in.
  const extra = seen.filter((s) => s.op !== 'r').length - CHANGE_RECORDS.length;
  if (extra === 0) {
    console.log(green('  ✓ after the snapshot, only your changes arrived'));
  } else {
    run.failed = true;
    console.log(red(`  ✗ ${extra} records after the snapshot besides your changes`));
  }

  if (ONCE) {
    await shutdown(0);
    return;
  }
  say(
    `Watching for more changes — try writing to table ${names.table} with the AWS CLI or press Ctrl-C to stop.`,
  );
  if (run.connector.statusPage) {
    info(
      `Status page: ${bold(run.connector.statusPage)} (REST status, /metrics and /readyz on the same port).`,
    );
  }
  info(dim('For example (DynamoDB Local takes any credentials):'));
  info(
    dim(
      `  AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo aws dynamodb put-item --region ${REGION} \\\n` +
        `    --endpoint-url ${dynamodbEndpoint} --table-name ${names.table} \\\n` +
        `    --item '{"order_id":{"S":"order-7"},"total":{"N":"3.5"}}'`,
    ),
  );
  await run.connector.closed;
  if (!run.stopping) await shutdown(1, 'the connector stopped on its own');
}

let firstSignalAt = 0;

function onSignal(signal: NodeJS.Signals): void {
  if (!run.stopping) {
    firstSignalAt = Date.now();
    console.log(`\n${dim(`(${signal} received)`)}`);
    void shutdown(0);
    return;
  }
  // npm and tsx forward the terminal's signal, so one Ctrl-C can arrive more than once; only a
  // deliberate second Ctrl-C (a second later) cuts the connector's graceful stop short.
  if (Date.now() - firstSignalAt > 1000 && run.connector?.running) {
    console.log(red('  second signal: killing the connector now'));
    run.connector.kill();
  }
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('SIGHUP', onSignal);

/** Last resort: whatever ends the demo process, the connector must not outlive it. */
process.on('exit', () => {
  run.connector?.kill();
  run.verifyChild?.kill('SIGKILL');
});

process.on('unhandledRejection', (err) => {
  if (!run.stopping)
    void shutdown(1, `unexpected error: ${(err as Error)?.message ?? String(err)}`);
});

main().catch((err: unknown) => {
  if (run.stopping) return;
  void shutdown(1, err instanceof Error ? err.message : String(err));
});
