import { spawn } from 'node:child_process';
import { afterEach } from 'vitest';

/**
 * podman as this project's machines can run it, standing in for `docker`: runc (crun refuses the
 * machines' cgroup v1 setup), cgroupfs (no systemd), the host's network, and rlimits the kernel
 * grants (podman's defaults are refused). `--format docker` on builds: the OCI image format
 * drops HEALTHCHECK.
 */
export const PODMAN = ['podman', '--runtime', 'runc', '--cgroup-manager', 'cgroupfs'];
export const PODMAN_RUN_FLAGS = ['--ulimit', 'nproc=1024:1024', '--ulimit', 'nofile=1024:1024'];
export const PODMAN_BUILD_FLAGS = ['--format', 'docker'];

/**
 * A `docker …` command line as the same command for podman here: the flags above added after the
 * subcommand, nothing else changed. The README states the same rule.
 */
export function dockerToPodman(line: string): string {
  const m = /^docker\s+(\S+)(.*)$/s.exec(line.trim());
  if (!m) throw new Error(`not a docker command: ${line}`);
  const [, sub, rest] = m as unknown as [string, string, string];
  const extra = sub === 'run' ? PODMAN_RUN_FLAGS : sub === 'build' ? PODMAN_BUILD_FLAGS : [];
  return [...PODMAN, sub, ...extra].join(' ') + rest;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command` (argv, or one shell line for bash) to its end, killed after `timeoutMs`. A
 * missing podman is an error, never a skip: CI installs it (.ci/run).
 */
export function run(command: string[] | string, timeoutMs = 120_000): Promise<Run> {
  const argv = typeof command === 'string' ? ['bash', '-c', command] : command;
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${argv[0]}: ${err.message} (.ci/run installs podman)`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr: withoutTimerNoise(stderr) });
    });
  });
}

/** podman's complaints that it has no systemd to time healthchecks with: run by hand here. */
const withoutTimerNoise = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => !l.includes('unable to get systemd connection'))
    .join('\n');

/** `podman <args>`, expected to succeed; returns stdout. */
export async function podman(args: string[], timeoutMs = 120_000): Promise<string> {
  const out = await run([...PODMAN, ...args], timeoutMs);
  if (out.code !== 0) {
    throw new Error(`podman ${args.join(' ')}: exit ${out.code}\n${out.stdout}\n${out.stderr}`);
  }
  return out.stdout;
}

/** Containers a test started: removed after it, whatever happened. */
const containers = new Set<string>();
export const removeAfterTest = (name: string) => containers.add(name);

afterEach(async () => {
  for (const name of containers) {
    await run([...PODMAN, 'rm', '--force', '--time', '5', name], 30_000);
    containers.delete(name);
  }
});
