import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { PODMAN, PODMAN_BUILD_FLAGS, podman, run } from './podman.js';
import type { LogEntry } from './worker-process.js';

/** The connector's image as the README and the compose files name it. */
export const IMAGE = 'dynamodb-kafka-connect';

/** A port nothing listens on now: containers share the host's network, and 8083 may be taken. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The container's stdout as log entries (podman logs keeps stdout and stderr apart). */
export async function containerLogs(name: string): Promise<LogEntry[]> {
  const out = await podman(['logs', name]);
  return out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogEntry);
}

/** Waits for a log entry; fails at the deadline or when the container stops first, with its tail. */
export async function waitForContainerLog(
  name: string,
  message: string,
  fields: Record<string, unknown> = {},
  timeoutMs = 90_000,
): Promise<LogEntry> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const logs = await containerLogs(name);
    const found = logs.find(
      (e) => e.message === message && Object.entries(fields).every(([k, v]) => e[k] === v),
    );
    if (found) return found;
    const state = await inspect(name, '{{.State.Status}}');
    if (state !== 'running' || Date.now() > deadline) {
      const tail = await run([...PODMAN, 'logs', '--tail', '30', name]);
      throw new Error(`no '${message}' from ${name} (${state})\n${tail.stdout}${tail.stderr}`);
    }
    await sleep(500);
  }
}

export const inspect = async (container: string, format: string) =>
  (await podman(['inspect', '--format', format, container])).trim();

export interface ImageInfo {
  Size: number;
  Labels: Record<string, string>;
  Config: { User: string; Env: string[] };
  Healthcheck?: { Test: string[] };
}

export const imageInfo = async (ref: string): Promise<ImageInfo> =>
  (JSON.parse(await podman(['image', 'inspect', ref])) as ImageInfo[])[0] as ImageInfo;

/** A cold build (stand-in base, npm ci twice) takes minutes here; a cached one seconds. */
export const BUILD_MS = 15 * 60_000;

/** The stand-in base when no real one is there (scripts/container/base-standin.sh); its name. */
export async function ensureBaseImage(): Promise<string> {
  const base = await run(['scripts/container/base-standin.sh'], BUILD_MS);
  if (base.code !== 0) throw new Error(`base-standin.sh: exit ${base.code}\n${base.stderr}`);
  return base.stdout.trim();
}

/** The image as the README builds it, for tests that do not run the README's block. */
export async function ensureImage(): Promise<void> {
  await ensureBaseImage();
  await podman(
    ['build', ...PODMAN_BUILD_FLAGS, '-f', 'docker/Dockerfile', '-t', IMAGE, '.'],
    BUILD_MS,
  );
}
