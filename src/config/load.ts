import { ConfigError } from '../errors.js';
import { awsProblems } from './aws-rules.js';
import type { Config } from './config-type.js';
import { kafkaProblems } from './kafka-rules.js';
import { orderProblems } from './order-rules.js';
import { readConfigFile } from './parse-file.js';
import { envName, isLeaf, type Leaf, leaves } from './reference.js';
import { schema } from './schema.js';

export type { Config } from './config-type.js';

type Node = Record<string, unknown>;
const isObject = (v: unknown): v is Node =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Loads defaults < config file < environment and checks every key strictly: a file value as it
 * is, an env var as its format reads text. Fails with one line per problem naming the key (and
 * the env var it came from), never with a sensitive value.
 */
export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const config = defaults(schema);
  if (file !== undefined) merge(schema, readConfigFile(file), config, '', problems);
  for (const [key, leaf] of leaves()) {
    const name = envName(key, leaf);
    const text = env[name];
    if (text === undefined) continue;
    const value = leaf.format.fromEnv(text);
    const problem = leaf.format.check(value);
    if (problem) problems.push(line(key, leaf, problem, value, name));
    else set(config, key, value);
  }
  if (problems.length === 0) {
    problems.push(...kafkaProblems((config as Config).kafka));
    problems.push(...awsProblems((config as Config).aws));
    problems.push(...orderProblems(config as Config));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as Config;
}

function defaults(node: object): Node {
  return Object.fromEntries(
    Object.entries(node).map(([name, child]) => [
      name,
      isLeaf(child) ? structuredClone(child.default) : defaults(child),
    ]),
  );
}

/** Keys earlier versions had, with what replaced them: an upgrade names the change, not just the key. */
const REMOVED: Record<string, string> = {
  'initSync.streamOverlapMs':
    'removed: the snapshot now reads the stream beside the scan and replays nothing (docs/design/online-snapshot.md); delete the key',
};

/** Copies the file's values into `into`, checking each against the schema node it lands on. */
function merge(node: object, values: Node, into: Node, prefix: string, problems: string[]): void {
  const children = node as Record<string, object>;
  for (const [name, value] of Object.entries(values)) {
    const key = prefix + name;
    const child = Object.hasOwn(children, name) ? children[name] : undefined;
    if (child === undefined) {
      problems.push(`config: ${key}: ${REMOVED[key] ?? 'unknown key'}`);
    } else if (isLeaf(child)) {
      const problem = child.format.check(value);
      if (problem) problems.push(line(key, child, problem, value));
      else into[name] = value;
    } else if (!isObject(value)) {
      problems.push(`config: ${key}: must be an object (a section of keys)`);
    } else {
      merge(child, value, into[name] as Node, `${key}.`, problems);
    }
  }
}

/** A problem line; what was given is shown only for keys that are not sensitive. */
function line(key: string, leaf: Leaf, problem: string, value: unknown, env?: string): string {
  const from = env ? ` (env ${env})` : '';
  const given = leaf.sensitive ? '' : `; given ${shown(value)}`;
  return `config: ${key}${from}: ${problem}${given}`;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The object holding a dotted key's value, and its last name. */
function slot(config: Node, key: string): [Node, string] {
  const path = key.split('.');
  const parent = path.slice(0, -1).reduce((node, name) => node[name] as Node, config);
  return [parent, path.at(-1) as string];
}

function set(config: Node, key: string, value: unknown): void {
  const [parent, name] = slot(config, key);
  parent[name] = value;
}

/** The config as a log may show it: every `sensitive` value of the schema masked. */
export function redacted(config: Config): unknown {
  const copy = structuredClone(config) as Node;
  for (const [key, leaf] of leaves()) {
    if (!leaf.sensitive) continue;
    const [parent, name] = slot(copy, key);
    if (parent[name] !== null && parent[name] !== undefined) parent[name] = '[redacted]';
  }
  return copy;
}
