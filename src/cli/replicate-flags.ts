import { parseArgs } from 'node:util';
import { ConfigError } from '../errors.js';

const FLAGS = ['config', 'table', 'to', 'region', 'endpoint'] as const;
export interface Flags {
  config?: string;
  table: string;
  to: string;
  region?: string;
  endpoint?: string;
  check: boolean;
}

/** The flags, or every problem with them at once, one line each (exit 2). */
export function replicateFlags(args: string[]): Flags {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        ...Object.fromEntries(FLAGS.map((name) => [name, { type: 'string' as const }])),
        check: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new ConfigError([`usage: ${(err as Error).message.split('\n')[0]}`]);
  }
  const problems: string[] = [];
  const text = (name: string) => {
    const v = values[name];
    return typeof v === 'string' && v.trim() !== '' ? v : undefined;
  };
  for (const name of ['table', 'to'])
    if (!text(name)) problems.push(`usage: replicate needs --${name} <table>`);
  if (values.region !== undefined && !text('region'))
    problems.push('usage: --region: must be a region name');
  const endpoint = text('endpoint');
  if (values.endpoint !== undefined && !/^https?:\/\/[^\s/]+\S*$/.test(endpoint ?? ''))
    problems.push('usage: --endpoint: must be an http(s) URL');
  if (text('table') && text('table') === text('to') && !endpoint && !text('region'))
    problems.push('usage: --to: must differ from --table on the same endpoint and region');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    config: text('config'),
    table: text('table') as string,
    to: text('to') as string,
    region: text('region'),
    endpoint,
    check: values.check === true,
  };
}
