import { existsSync, readFileSync } from 'node:fs';
import convict from 'convict';
import { ConfigError } from '../errors.js';
import type { Config } from './config-type.js';
import { kafkaProblems } from './kafka-rules.js';
import { leaves } from './reference.js';
import { schema } from './schema.js';

export type { Config } from './config-type.js';

/**
 * convict reports problems as one message, a line each, in a few shapes; turn each into
 * 'config: <key>: <what is wrong>'.
 */
export function problemLines(message: string): string[] {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const undeclared = /configuration param '([^']+)' not declared in the schema/.exec(line);
      if (undeclared) return `config: ${undeclared[1]}: unknown key`;
      const keyed = /^([\w.]+): (.*)$/.exec(line);
      if (keyed) return `config: ${keyed[1]}: ${keyed[2]}`;
      return `config: ${line}`;
    });
}

/** Loads defaults < config file < environment, validates strictly, and fails with one line per problem. */
export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Config {
  const config = convict(schema, { env: env as Record<string, string> });
  if (file !== undefined) {
    if (!existsSync(file)) throw new ConfigError([`config: --config: file not found: ${file}`]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError([
        `config: --config: ${file} is not valid JSON: ${(err as Error).message}`,
      ]);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ConfigError([`config: --config: ${file} must hold a JSON object`]);
    }
    try {
      config.load(parsed);
    } catch (err) {
      throw new ConfigError(problemLines((err as Error).message));
    }
  }
  try {
    config.validate({ allowed: 'strict' });
  } catch (err) {
    throw new ConfigError(problemLines((err as Error).message));
  }
  const loaded = config.getProperties();
  const problems = kafkaProblems(loaded.kafka);
  if (problems.length > 0) throw new ConfigError(problems);
  return loaded;
}

/** The config as a log may show it: every `sensitive` value of the schema masked. */
export function redacted(config: Config): unknown {
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const [key, leaf] of leaves()) {
    if (!leaf.sensitive) continue;
    const path = key.split('.');
    const parent = path
      .slice(0, -1)
      .reduce<Record<string, unknown>>((node, name) => node[name] as Record<string, unknown>, copy);
    const name = path.at(-1) as string;
    if (parent[name] !== null && parent[name] !== undefined) parent[name] = '[redacted]';
  }
  return copy;
}
