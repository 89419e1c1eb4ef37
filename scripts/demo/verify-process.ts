/** `node dist/main.js verify`: does the topic alone rebuild the table? Its output is shown as is. */
import type { ChildProcess } from 'node:child_process';
import { spawnCli } from './connector-process.js';
import { colors, tag } from './console.js';
import { WAIT_MS } from './settings.js';

const { red } = colors;

/** Passed only when verify exits 0 and its summary counts no missing, extra or differing item. */
export function verifyPassed(code: number | null, stdout: string): boolean {
  const m = /matching (\d+), missing (\d+), extra (\d+), differing (\d+)/.exec(stdout);
  return code === 0 && m !== null && m[2] === '0' && m[3] === '0' && m[4] === '0';
}

export function startVerify(
  configPath: string,
  table: string,
): { child: ChildProcess; passed: Promise<boolean> } {
  const show = (text: string) => console.log(`${tag('verify')} ${text}`);
  let stdout = '';
  const child = spawnCli(
    ['verify', '--config', configPath, '--table', table],
    (raw) => {
      stdout += `${raw}\n`;
      show(raw);
    },
    (raw) => show(red(raw)),
  );
  const timer = setTimeout(() => {
    show(red(`no answer in ${WAIT_MS / 1000} s: stopping it`));
    child.kill('SIGKILL');
  }, WAIT_MS);
  child.on('error', (err) => show(red(`could not start: ${err.message}`)));
  const passed = new Promise<boolean>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(verifyPassed(code, stdout));
    });
  });
  return { child, passed };
}
