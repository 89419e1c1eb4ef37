import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../scripts/local-stack/run-command.js';
import { stackSettings } from '../../scripts/local-stack/settings.js';

/**
 * Prometheus' own Python client parses the exposition: the one JS parser on npm drops the labels
 * of histograms, so it could not check ours. Installed with pip into the cache on first use, as
 * the stack does with moto.
 */
const VERSION = '0.26.0';

const PARSE = `
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for f in text_string_to_metric_families(sys.stdin.read()):
    out.append({"name": f.name, "type": f.type, "help": f.documentation,
                "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]})
json.dump(out, sys.stdout)
`;

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One metric family; a counter's family name has no _total, its samples do. */
export interface MetricFamily {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

async function python(): Promise<string> {
  const home = join(stackSettings().cacheDir, `prometheus-client-${VERSION}`);
  const bin = join(home, 'venv', 'bin', 'python');
  if (existsSync(join(home, '.complete'))) return bin;
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  await runCommand('python3', ['-m', 'venv', join(home, 'venv')]);
  await runCommand(join(home, 'venv', 'bin', 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    `prometheus_client==${VERSION}`,
  ]);
  writeFileSync(join(home, '.complete'), new Date().toISOString());
  return bin;
}

/** Parses a text exposition; rejects with the parser's error on anything malformed. */
export async function parseExposition(text: string): Promise<MetricFamily[]> {
  const bin = await python();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-c', PARSE], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exposition rejected: ${err}`)),
    );
    child.stdin.end(text);
  });
}

/** Sum of the samples named `sample` whose labels include `labels` (0 when none). */
export function sampleSum(
  families: MetricFamily[],
  sample: string,
  labels: Record<string, string> = {},
): number {
  let sum = 0;
  for (const f of families)
    for (const s of f.samples)
      if (s.name === sample && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        sum += s.value;
  return sum;
}
