import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnDetached } from './processes.js';
import { runCommand } from './run-command.js';
import type { Service } from './service.js';
import type { StackSettings } from './settings.js';

/** moto serves the Resource Groups Tagging API, which DynamoDB Local lacks. Pinned for repeatable tests. */
export const MOTO_VERSION = '5.2.5';

export function createMoto(s: StackSettings): Service {
  const home = join(s.cacheDir, `moto-${MOTO_VERSION}`);
  const venv = join(home, 'venv');
  const logFile = join(s.stateDir, 'moto.log');
  const url = `http://${s.host}:${s.motoPort}`;
  const server = join(venv, 'bin', 'moto_server');
  const args = ['-H', s.host, '-p', String(s.motoPort)];
  return {
    name: 'moto',
    marker: [server, ...args].join(' '),
    ports: [s.motoPort],
    logFile,
    startTimeoutMs: 60_000,
    async install() {
      if (existsSync(join(home, '.complete'))) return;
      // A venv cannot be moved (its scripts name their path), so it is built in place and only
      // the marker written last says it is whole: an interrupted install is redone, not used.
      rmSync(home, { recursive: true, force: true });
      mkdirSync(home, { recursive: true });
      await runCommand('python3', ['-m', 'venv', venv]);
      await runCommand(join(venv, 'bin', 'pip'), [
        'install',
        '--quiet',
        '--disable-pip-version-check',
        `moto[server]==${MOTO_VERSION}`,
      ]);
      writeFileSync(join(home, '.complete'), new Date().toISOString());
    },
    async launch() {
      mkdirSync(s.stateDir, { recursive: true });
      return spawnDetached(server, args, { logFile, cwd: s.stateDir });
    },
    async ready() {
      const res = await fetch(`${url}/moto-api/data.json`, { signal: AbortSignal.timeout(2000) });
      // Read the body whole: an unread body leaves the pooled connection in a state undici asserts on.
      await res.text();
      return res.ok;
    },
  };
}
