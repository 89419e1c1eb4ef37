import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './processes.js';

/**
 * Serialises `up`/`down` between processes (two test runs, or a person and a test run), so two
 * of them never start the same server twice. A lock whose holder died is taken over.
 */
export async function withLock<T>(
  file: string,
  fn: () => Promise<T>,
  timeoutMs = 600_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8').trim() || '0');
      // An empty file is a holder that has not written its pid yet: wait, do not steal.
      if (holder && !isAlive(holder)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`stack is locked by pid ${holder} (${file})`);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
