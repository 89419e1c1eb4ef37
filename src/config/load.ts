import { existsSync, readFileSync } from 'node:fs';
import convict from 'convict';
import { ConfigError } from '../errors.js';
import { schema } from './schema.js';

function build() {
  return convict(schema);
}
export type Config = ReturnType<ReturnType<typeof build>['getProperties']>;

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
  return config.getProperties();
}

/** The config as a log may show it: sensitive values masked. */
export function redacted(config: Config): unknown {
  const mask = (v: unknown) => (v ? '[redacted]' : null);
  return {
    ...config,
    aws: {
      ...config.aws,
      accessKeyId: mask(config.aws.accessKeyId),
      secretAccessKey: mask(config.aws.secretAccessKey),
    },
  };
}
