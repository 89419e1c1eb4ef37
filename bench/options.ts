import { parseArgs } from 'node:util';
import type { StackMode } from './bench-stack.js';

export interface BenchOptions {
  mode: 'quick' | 'default' | 'large';
  /** INIT_SYNC table size. */
  items: number;
  segments: number[];
  /** SYNC: table size, and updates in the burst. */
  syncTableItems: number;
  burst: number;
  latencyPerSec: number;
  latencySeconds: number;
  /** Measurement 6: caught-up tables of one idle worker, and how long its CPU is measured. */
  idleTables: number;
  idleSeconds: number;
  stack: StackMode;
  /** Run every worker with --cpu-prof; profiles land in bench/results/profiles/. */
  profile: boolean;
  /** The connector's entry point: dist/main.js, or another build to compare (a branch, a fix). */
  worker: string;
  /** Extra node flags for every worker, e.g. --max-old-space-size=128 to compare memory. */
  nodeArgs: string[];
  /** kafka.compression for the connector and the raw produce ceiling; undefined = default. */
  compression: string | undefined;
  /** delivery.guarantee of every connector run; undefined = the default (at_least_once). */
  guarantee: 'at_least_once' | 'exactly_once' | undefined;
  /**
   * --large: the memory bounds only. The connector's INIT_SYNC, then a resync and its
   * reconciliation, without the ceilings, SYNC or latency: DynamoDB Local's Scan slows with the
   * table's size (each page costs more the deeper it starts), and a 1,000,000-item raw Scan
   * alone had not finished after 13 minutes here.
   */
  memoryOnly: boolean;
}

export const USAGE = `usage: npm run bench [-- options]

  --quick               small sizes, under 3 minutes (20,000 items, burst 5,000, 15 s latency)
  --large               the memory bounds: the connector's INIT_SYNC of 1,000,000 items at 4 segments,
                        then a resync and its reconciliation (no ceilings, SYNC or latency); ~23 minutes
  --items N             INIT_SYNC table size (default 200,000)
  --burst N             SYNC burst size (default 50,000)
  --latency-seconds N   length of the latency run (default 60)
  --idle-tables N       caught-up tables of the idle measurement (default 50)
  --compression CODEC   kafka.compression of the connector and raw produce (default: the connector's)
  --guarantee G         delivery.guarantee of every connector run: at_least_once (default) or exactly_once
  --segments LIST       INIT_SYNC segment counts, comma-separated (default 1,4; --large: 4)
  --stack own|shared    own: a fresh stack of the bench's own, stopped at the end (default);
                        shared: the usual local stack, as found (figures then depend on its history)
  --profile             run the workers with node --cpu-prof (bench/results/profiles/)
  --worker PATH         the connector build to run (default dist/main.js), e.g. a fix's dist
  --node-arg FLAG       a node flag for every worker (repeatable), e.g. --node-arg=--max-old-space-size=128`;

const positive = (name: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name}: expected a positive integer, got '${raw}'`);
  return n;
};

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      large: { type: 'boolean', default: false },
      items: { type: 'string' },
      burst: { type: 'string' },
      'latency-seconds': { type: 'string' },
      'idle-tables': { type: 'string' },
      compression: { type: 'string' },
      guarantee: { type: 'string' },
      segments: { type: 'string' },
      stack: { type: 'string', default: 'own' },
      profile: { type: 'boolean', default: false },
      worker: { type: 'string', default: 'dist/main.js' },
      'node-arg': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const codecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
  if (values.compression !== undefined && !codecs.includes(values.compression)) {
    throw new Error(`--compression: expected one of ${codecs.join(', ')}`);
  }
  const guarantees = ['at_least_once', 'exactly_once'] as const;
  const guarantee = values.guarantee as (typeof guarantees)[number] | undefined;
  if (guarantee !== undefined && !guarantees.includes(guarantee)) {
    throw new Error(`--guarantee: expected one of ${guarantees.join(', ')}`);
  }
  if (values.stack !== 'own' && values.stack !== 'shared') {
    throw new Error(`--stack: expected own or shared, got '${values.stack}'`);
  }
  const quick = values.quick;
  const mode = values.large ? 'large' : quick ? 'quick' : 'default';
  // The most segments hold the most pages at once: the memory run's worst case.
  const segments = (values.segments ?? (values.large ? '4' : '1,4'))
    .split(',')
    .map((s) => positive('segments', s, 1));
  return {
    mode,
    items: positive('items', values.items, values.large ? 1_000_000 : quick ? 20_000 : 200_000),
    segments,
    syncTableItems: quick ? 2_000 : 10_000,
    burst: positive('burst', values.burst, quick ? 5_000 : 50_000),
    latencyPerSec: 1_000,
    latencySeconds: positive('latency-seconds', values['latency-seconds'], quick ? 15 : 60),
    idleTables: positive('idle-tables', values['idle-tables'], 50),
    idleSeconds: quick ? 10 : 30,
    stack: values.stack,
    profile: values.profile,
    worker: values.worker,
    nodeArgs: values['node-arg'],
    compression: values.compression,
    guarantee,
    memoryOnly: values.large,
  };
}
