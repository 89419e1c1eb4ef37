import { spawn } from 'node:child_process';

/** Runs a command to completion; on failure the error carries its output, so installs explain themselves. */
export function runCommand(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.once('error', (err) =>
      reject(new Error(`cannot run '${command}': ${err.message} (is it installed and on PATH?)`)),
    );
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else
        reject(
          new Error(
            `'${command} ${args.join(' ')}' failed with exit ${code}\n${output.slice(-4000)}`,
          ),
        );
    });
  });
}
