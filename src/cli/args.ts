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
