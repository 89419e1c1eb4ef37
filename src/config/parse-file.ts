import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { type ParseError, printParseErrorCode, visit } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';

/**
 * Reads the --config file, JSON or (by its .yaml/.yml name) YAML, as a plain object.
 *
 * A parse error names the file, line and column and what was expected, but never quotes the
 * text: V8's JSON errors and the YAML library's pretty errors both echo a slice of the file, and
 * that slice can be the secret written on the line that broke.
 */
export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'file not found' : `cannot read (${code})`;
    throw new ConfigError([`config: --config: ${what}: ${file}`]);
  }
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase());
  const parsed = yaml ? parseYaml(text) : parseJson(text);
  if ('problem' in parsed) {
    const at = parsed.offset === undefined ? '' : ` at ${lineAndColumn(text, parsed.offset)}`;
    throw new ConfigError([
      `config: --config: ${file} is not valid ${yaml ? 'YAML' : 'JSON'}${at}: ${parsed.problem}`,
    ]);
  }
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError([`config: --config: ${file} must hold an object of config keys`]);
  return value as Record<string, unknown>;
}

type Parsed = { value: unknown } | { problem: string; offset?: number };

function parseJson(text: string): Parsed {
  // jsonc-parser only locates the problem (and a repeated key, which JSON.parse would let the
  // last one win silently); JSON.parse, strict JSON, gives the value.
  const errors: ParseError[] = [];
  const seen: Set<string>[] = [];
  let repeated: { key: string; offset: number } | undefined;
  visit(
    text,
    {
      onObjectBegin: () => {
        seen.push(new Set());
      },
      onObjectEnd: () => {
        seen.pop();
      },
      onObjectProperty: (key, offset) => {
        const keys = seen.at(-1);
        if (keys?.has(key)) repeated ??= { key, offset };
        keys?.add(key);
      },
      onError: (error, offset, length) => {
        errors.push({ error, offset, length });
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  const [first] = errors;
  if (first) return { problem: printParseErrorCode(first.error), offset: first.offset };
  try {
    const value = JSON.parse(text);
    // Config keys are not secrets, so a repeated one may be named.
    if (repeated) return { problem: `key "${repeated.key}" given twice`, offset: repeated.offset };
    return { value };
  } catch {
    return { problem: 'not JSON' };
  }
}

function parseYaml(text: string): Parsed {
  // YAML 1.2 core schema: `no`, `off` and `on` are strings (refused where a boolean is meant),
  // not the booleans YAML 1.1 made of them.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, version: '1.2' });
  const [first] = [...doc.errors, ...doc.warnings];
  if (first)
    return { problem: first.code.toLowerCase().replaceAll('_', ' '), offset: first.pos[0] };
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) };
  } catch {
    return { problem: 'an alias that cannot be resolved' };
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
