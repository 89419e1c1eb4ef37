import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../scripts/local-stack/run-command.js';
import { stackSettings } from '../../scripts/local-stack/settings.js';
import { IMAGE } from './container.js';
import { run } from './podman.js';

/**
 * check-jsonschema carries the Compose Specification's own JSON schema (vendored from
 * compose-spec, kept current by its maintainers), so compose files are checked as `docker compose
 * config` would check them, with no Docker here. Installed with pip into the cache on first use,
 * as the stack does with moto; its YAML library (ruamel.yaml) also reads the files for the tests.
 */
const VERSION = '0.39.0';

async function venv(): Promise<string> {
  const home = join(stackSettings().cacheDir, `check-jsonschema-${VERSION}`);
  const bin = join(home, 'venv', 'bin');
  if (existsSync(join(home, '.complete'))) return bin;
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  await runCommand('python3', ['-m', 'venv', join(home, 'venv')]);
  await runCommand(join(bin, 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    `check-jsonschema==${VERSION}`,
  ]);
  writeFileSync(join(home, '.complete'), new Date().toISOString());
  return bin;
}

/** Validates a compose file against the Compose Specification: exit 0, or the problems. */
export async function validateCompose(file: string): Promise<{ ok: boolean; output: string }> {
  const bin = await venv();
  const out = await run(
    [join(bin, 'check-jsonschema'), '--builtin-schema', 'vendor.compose-spec', file],
    60_000,
  );
  return { ok: out.code === 0, output: out.stdout + out.stderr };
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | null>;
  volumes?: string[];
  secrets?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  ports?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file: string }>;
}

/** A compose file as data (anchors and merge keys resolved, `${…}` left as written). */
export async function loadCompose(file: string): Promise<ComposeFile> {
  const bin = await venv();
  const script =
    'import json, sys\nfrom ruamel.yaml import YAML\njson.dump(YAML(typ="safe").load(open(sys.argv[1])), sys.stdout)';
  return JSON.parse(await runCommand(join(bin, 'python'), ['-c', script, file]));
}

/** The services of the image without a command of their own: those run the connector. */
export const connectorServices = (compose: ComposeFile): [string, ComposeService][] =>
  Object.entries(compose.services).filter(([, s]) => s.image === IMAGE && !s.command);

/**
 * Compose's variable substitution for what these files use: `${NAME}`, `${NAME:-default}`,
 * `${NAME:?error}` (an empty value counts as unset, as in compose).
 */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op, arg: string) => {
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    if (op === '-') return arg;
    if (op === '?') throw new Error(`${name}: ${arg}`);
    return '';
  });
}

/**
 * What the image reads from its environment besides the config keys' variables: the AWS SDK's
 * credential chain, Node's own, and the entrypoint's config file path (docker/README.md).
 */
export const IMAGE_ENV_VARS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'NODE_OPTIONS',
  'NODE_EXTRA_CA_CERTS',
  'CONNECTOR_CONFIG_FILE',
];
