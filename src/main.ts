#!/usr/bin/env node
/**
 * The bin. For `run`, Node 24 would size the young generation by the machine's memory (on a
 * 24 GB machine it grows to 128 MB, half the worker's resident memory, for garbage that lives a
 * page's time); V8 reads that limit only at start, so the worker restarts itself, same pid,
 * with --max-semi-space-size set, before it loads anything (bench: peak RSS). A limit given in
 * the command line or NODE_OPTIONS is left as it is.
 */
const SEMI_SPACE_MB = 4;

const given = (flags: string) => flags.includes('--max-semi-space-size');
if (
  process.argv[2] === 'run' &&
  typeof process.execve === 'function' &&
  !given(process.execArgv.join(' ')) &&
  !given(process.env.NODE_OPTIONS ?? '')
) {
  process.execve(process.execPath, [
    process.execPath,
    `--max-semi-space-size=${SEMI_SPACE_MB}`,
    ...process.execArgv,
    ...process.argv.slice(1),
  ]);
}

const { main } = await import('./cli/main.js');
process.exit(await main(process.argv.slice(2)));
