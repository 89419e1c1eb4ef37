import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchJars } from './maven.js';
import { spawnDetached } from './processes.js';
import { runCommand } from './run-command.js';
import type { Service } from './service.js';
import type { StackSettings } from './settings.js';

export const DYNAMODB_LOCAL_VERSION = '3.3.1';
const SQLITE4JAVA_VERSION = '1.0.392';
// DynamoDB Local 3.3.1 pins AWS SDK 2.48.3 modules (telemetry) that Maven Central lacks in part;
// a newer SDK BOM resolves them.
const AWS_SDK_BOM_VERSION = '2.54.15';
const LAUNCHER = 'LocalhostDynamoDbLocal';

/** Compiles the launcher that binds DynamoDB Local to one host; once per launcher source. */
async function compileLauncher(home: string, lib: string): Promise<string> {
  const source = join(dirname(fileURLToPath(import.meta.url)), `${LAUNCHER}.java`);
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12);
  const classes = join(home, `launcher-${hash}`);
  if (existsSync(join(classes, `${LAUNCHER}.class`))) return classes;
  const tmp = `${classes}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await runCommand('javac', ['-d', tmp, '-cp', `${lib}/*`, source]);
  rmSync(classes, { recursive: true, force: true });
  renameSync(tmp, classes);
  return classes;
}

export function createDynamoDbLocal(s: StackSettings): Service {
  const home = join(s.cacheDir, `dynamodb-local-${DYNAMODB_LOCAL_VERSION}`);
  const jarsDir = join(home, 'jars');
  const lib = join(jarsDir, 'lib');
  const logFile = join(s.stateDir, 'dynamodb.log');
  const marker = `-Ddkc.stack=dynamodb:${s.dynamodbPort}`;
  let classes: string | undefined;
  return {
    name: 'dynamodb',
    marker,
    ports: [s.dynamodbPort],
    logFile,
    startTimeoutMs: 60_000,
    async install() {
      await fetchJars(
        jarsDir,
        'dynamodb-local',
        [
          {
            groupId: 'software.amazon.dynamodb',
            artifactId: 'DynamoDBLocal',
            version: DYNAMODB_LOCAL_VERSION,
          },
          {
            groupId: 'com.almworks.sqlite4java',
            artifactId: 'libsqlite4java-linux-amd64',
            version: SQLITE4JAVA_VERSION,
            type: 'so',
          },
        ],
        [{ groupId: 'software.amazon.awssdk', artifactId: 'bom', version: AWS_SDK_BOM_VERSION }],
      );
      classes = await compileLauncher(home, lib);
    },
    async launch() {
      if (!classes) classes = await compileLauncher(home, lib);
      mkdirSync(s.stateDir, { recursive: true });
      // On x86-64 Linux, load sqlite4java's native library from Maven; elsewhere DynamoDB Local
      // unpacks the copy bundled in its jar.
      const sqlite =
        process.platform === 'linux' && process.arch === 'x64'
          ? [
              `-Dorg.sqlite.lib.path=${lib}`,
              `-Dorg.sqlite.lib.name=libsqlite4java-linux-amd64-${SQLITE4JAVA_VERSION}.so`,
            ]
          : [];
      const args = [
        '-Xms64m',
        // In memory, tables live on the heap as well as in sqlite: 1 GB ran out at 200,000 items
        // of 1 KB (the benchmark's table).
        `-Xmx${s.dynamodbHeap}`,
        '-Djava.net.preferIPv4Stack=true',
        `-Ddkc.host=${s.host}`,
        marker,
        ...sqlite,
        '-cp',
        `${classes}:${lib}/*`,
        LAUNCHER,
        // -sharedDb: one database whatever the client's credentials and region, as a real account.
        '-inMemory',
        '-sharedDb',
        '-disableTelemetry',
        '-port',
        String(s.dynamodbPort),
      ];
      const pid = spawnDetached('java', args, { logFile, cwd: s.stateDir });
      return pid;
    },
    async ready() {
      // ListTables through the raw JSON protocol: proves the server handles requests, not just
      // that the port is open. DynamoDB Local accepts any signature.
      const res = await fetch(`http://${s.host}:${s.dynamodbPort}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=stack/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
        signal: AbortSignal.timeout(2000),
      });
      const body = await res.text();
      return res.ok && body.includes('"TableNames"');
    },
  };
}
