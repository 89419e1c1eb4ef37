import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_CONFIGS, type BadConfig, SECRETS } from './bad-configs.js';

const dir = mkdtempSync(join(tmpdir(), 'dkc-bad-config-'));
const base = {
  aws: { accessKeyId: SECRETS.accessKeyId, secretAccessKey: SECRETS.secretAccessKey },
  http: { authToken: SECRETS.authToken },
};

/** The case's file: raw text as it is, an object merged over a valid base holding secrets. */
function fileOf(c: BadConfig, n: number): string {
  const path = join(dir, `c${n}.${c.ext ?? 'json'}`);
  const content = c.file ?? {};
  writeFileSync(
    path,
    typeof content === 'string' ? content : JSON.stringify(merged(base, content)),
  );
  return path;
}

function merged(a: object, b: object): object {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev && typeof prev === 'object' && v && typeof v === 'object' && !Array.isArray(v)
        ? merged(prev, v)
        : v;
  }
  return out;
}

/** Runs the built bin as a user would, with only the given environment. */
function run(file: string, env: Record<string, string> = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const options = { env: { PATH: process.env.PATH, ...env }, timeout: 20_000 };
    execFile(
      process.execPath,
      ['dist/main.js', 'run', '--config', file],
      options,
      (err, stdout, stderr) =>
        resolve({
          status: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

/** Every run of 8 characters of a secret: not one may be printed. */
const pieces = (secret: string) =>
  Array.from({ length: Math.max(1, secret.length - 7) }, (_, i) => secret.slice(i, i + 8));

// One process per case, one after the other: on two cores, running them side by side is no faster.
describe('a bad config', () => {
  it('the corpus holds at least 50 cases, files and env vars', () => {
    expect(BAD_CONFIGS.length).toBeGreaterThanOrEqual(50);
    expect(BAD_CONFIGS.some((c) => c.env)).toBe(true);
    expect(BAD_CONFIGS.some((c) => c.ext === 'yaml')).toBe(true);
  });

  it.each(BAD_CONFIGS.map((c, n) => ({ ...c, n })))(
    '$name: exit 2, names $key, no trace, no secret',
    async (c) => {
      // A clean environment: only what the case sets, so the developer's shell cannot leak in.
      const out = await run(fileOf(c, c.n), c.env);
      const printed = out.stdout + out.stderr;
      expect(out.status, printed).toBe(2);
      expect(out.stdout).toBe('');
      const lines = out.stderr.trim().split('\n');
      expect(
        lines.every((l) => l.startsWith('config: ')),
        printed,
      ).toBe(true);
      expect(
        lines.some(
          (l) => l.startsWith(`config: ${c.key}:`) || l.startsWith(`config: ${c.key} (env `),
        ),
        printed,
      ).toBe(true);
      expect(printed).not.toMatch(/^\s+at /m);
      for (const secret of [...Object.values(SECRETS), ...(c.secret ? [c.secret] : [])])
        for (const piece of pieces(secret)) expect(printed).not.toContain(piece);
    },
    30_000,
  );

  it('a parse error names the file, line and column', async () => {
    const c = BAD_CONFIGS.find((b) => b.name === 'invalid JSON on the secret’s line') as BadConfig;
    const file = fileOf(c, 9999);
    const out = await run(file);
    expect(out.stderr.trim()).toBe(
      `config: --config: ${file} is not valid JSON at line 4, column 67: InvalidSymbol`,
    );
  });
});
