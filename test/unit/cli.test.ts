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

  it.each([
    { args: ['failover', '--table', 't'], line: 'usage: failover needs --region <region>' },
    { args: ['failover', '--region', 'us-east-1'], line: 'usage: failover needs --table <name>' },
    {
      args: ['failover', '--table', 't', '--region', 'eu-west-1'],
      line: '--region: eu-west-1 is not one of aws.regions (none)',
    },
    {
      args: ['verify', '--table', 't', '--region', 'eu-west-1'],
      line: '--region: eu-west-1 is not one of aws.regions (none)',
    },
  ])('$args.0 with bad flags: exit 2, "$line"', ({ args, line }) => {
    const out = run(...args, '--config', 'config/example.json');
    expect(out.status).toBe(2);
    expect(out.stderr.trim().split('\n')).toContain(line);
  });
});
