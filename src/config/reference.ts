import { schema } from './schema.js';

export interface Leaf {
  doc: string;
  format: unknown;
  default: unknown;
  env?: string;
  sensitive?: boolean;
}

const isLeaf = (node: object): node is Leaf => 'doc' in node && 'default' in node;

function formatName(format: unknown): string {
  if (Array.isArray(format)) return format.map((f) => `\`${f}\``).join(' \\| ');
  if (typeof format === 'function') return format.name.toLowerCase();
  return String(format);
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
  return leaves(schema, '')
    .map(([, leaf]) => leaf.env)
    .filter((env): env is string => env !== undefined);
}

/** docs/CONFIG.md, generated from the convict schema so the reference cannot drift from the code. */
export function configReference(): string {
  const rows = leaves(schema, '').map(([key, leaf]) => {
    const def =
      leaf.sensitive && leaf.default !== null
        ? '(sensitive)'
        : `\`${JSON.stringify(leaf.default)}\``;
    const env = leaf.env ? `\`${leaf.env}\`` : '';
    const doc = leaf.doc.replaceAll('|', '\\|');
    return `| \`${key}\` | ${def} | ${formatName(leaf.format)} | ${env} | ${doc}${leaf.sensitive ? ' Never logged.' : ''} |`;
  });
  return [
    '# Configuration reference',
    '',
    'Generated from `src/config/schema.ts` by `npm run docs:config`; do not edit by hand.',
    '',
    'Values come from the defaults, then the JSON file given with `--config`, then environment',
    'variables (highest). Unknown keys and invalid values stop the worker with exit code 2 and one',
    'line per problem naming the key. List values from environment variables are comma-separated.',
    '',
    '| key | default | format | env | what |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
