import { parseArgs } from 'node:util';
import { ConfigError } from '../errors.js';

/** `--name value` and `--name=value` options; anything else is a usage error (exit 2). */
export function parseOptions(args: string[], allowed: readonly string[]): Record<string, string> {
  try {
    const { values } = parseArgs({
      args,
      options: Object.fromEntries(allowed.map((name) => [name, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    });
    return values as Record<string, string>;
  } catch (err) {
    // parseArgs says what is wrong ("Unknown option '--x'", "Option '--config <value>' argument missing").
    throw new ConfigError([`usage: ${(err as Error).message.split('\n')[0]}`]);
  }
}

/** `--region`: home or another region of aws.regions (global tables). */
export function regionProblem(
  aws: { region: string; regions: readonly string[] },
  region: string,
): string | null {
  if (region === aws.region || aws.regions.includes(region)) return null;
  return `--region: ${region} is not one of aws.regions (${aws.regions.join(', ') || 'none'})`;
}
