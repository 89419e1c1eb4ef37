import { readFileSync } from 'node:fs';

/**
 * The shell commands of the fenced block that follows `<!-- <marker>` in the README, one per
 * command (backslash continuations joined), so a test can run what a reader is told to run.
 */
export function readmeCommands(marker: string, file = 'README.md'): string[] {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(`<!-- ${marker}`);
  if (at < 0) throw new Error(`${file}: no <!-- ${marker} --> comment`);
  const block = /```\w*\n([\s\S]*?)```/.exec(text.slice(at));
  if (!block) throw new Error(`${file}: no fenced block after <!-- ${marker} -->`);
  return (block[1] as string)
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
