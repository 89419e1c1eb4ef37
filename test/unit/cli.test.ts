import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Runs the built bin as a user would (npm test builds first).
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['dist/main.js', ...args], { encoding: 'utf8' });

describe('dynamodb-kafka-connect bin', () => {
  it('prints the package version', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const out = run('--version');
    expect(out.status).toBe(0);
    expect(out.stdout.trim()).toBe(pkg.version);
  });

  it('exits 2 on an unknown command, naming it', () => {
    const out = run('frobnicate');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("unknown command 'frobnicate'");
  });
});
