import type { Format } from './formats.js';
import { schema } from './schema.js';

export interface Leaf {
  doc: string;
  format: Format;
  default: unknown;
  /** Its environment variable when not the derived one (kept for names users already set). */
  env?: string;
  sensitive?: boolean;
}

export const isLeaf = (node: object): node is Leaf => 'doc' in node && 'default' in node;

/** A key's environment variable: its own, else the key in upper snake case (initSync.delayMs → INIT_SYNC_DELAY_MS). */
export function envName(key: string, leaf: Leaf): string {
  return (
    leaf.env ??
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replaceAll('.', '_')
      .toUpperCase()
  );
}

/** Every key of the schema with its definition, as dotted paths. */
export function leaves(node: object = schema, prefix = ''): [string, Leaf][] {
  return Object.entries(node).flatMap(([name, child]) => {
    const key = prefix ? `${prefix}.${name}` : name;
    return isLeaf(child) ? [[key, child] as [string, Leaf]] : leaves(child as object, key);
  });
}

/** Every environment variable the config reads, so child processes can be given a clean slate. */
export function configEnvVars(): string[] {
  return leaves(schema, '').map(([key, leaf]) => envName(key, leaf));
}

/** docs/CONFIG.md, generated from the schema so the reference cannot drift from the code. */
export function configReference(): string {
  const rows = leaves(schema, '').map(([key, leaf]) => {
    const def =
      leaf.sensitive && leaf.default !== null
        ? '(sensitive)'
        : `\`${JSON.stringify(leaf.default)}\``;
    const env = `\`${envName(key, leaf)}\``;
    const doc = leaf.doc.replaceAll('|', '\\|');
    return `| \`${key}\` | ${def} | ${leaf.format.expects.replaceAll('|', '\\|')} | ${env} | ${doc}${leaf.sensitive ? ' Never logged.' : ''} |`;
  });
  return [
    '# Configuration reference',
    '',
    'Generated from `src/config/schema.ts` by `npm run docs:config`; do not edit by hand.',
    '',
    'Values come from the defaults, then the JSON or YAML file given with `--config`, then',
    'environment variables (highest); every key has one. Unknown keys and invalid values stop the',
    'worker with exit code 2 and one line per problem naming the key. A file value is taken as its',
    'type says: `"4"` is not a number and `"no"` is not a boolean. From environment variables,',
    'numbers are decimal digits, booleans are `true` or `false`, lists are comma-separated (or a',
    'JSON array, for entries that hold commas), a table map is `table=mode,…`, and an empty value',
    'sets a key that may be null to null.',
    '',
    '| key | default | format | env | what |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
