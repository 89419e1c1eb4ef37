import { ConfigError } from '../errors.js';

/** `--name value` and `--name=value` options; anything else is a usage error (exit 2). */
export function parseOptions(args: string[], allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !allowed.includes(m[1] as string))
      throw new ConfigError([`usage: unknown argument '${arg}'`]);
    const value = m[2] ?? args[++i];
    if (value === undefined) throw new ConfigError([`usage: --${m[1]} needs a value`]);
    out[m[1] as string] = value;
  }
  return out;
}
