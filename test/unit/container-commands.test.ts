import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerToPodman } from '../support/podman.js';
import { readmeCommands } from '../support/readme-commands.js';

const P = 'podman --runtime runc --cgroup-manager cgroupfs';

describe('dockerToPodman', () => {
  it.each([
    ['docker build -f d -t x .', `${P} build --format docker -f d -t x .`],
    [
      'docker run -d --name a x',
      `${P} run --ulimit nproc=1024:1024 --ulimit nofile=1024:1024 -d --name a x`,
    ],
    [
      `docker inspect --format '{{.State.Health.Status}}' a`,
      `${P} inspect --format '{{.State.Health.Status}}' a`,
    ],
    ['docker stop a', `${P} stop a`],
  ])('%s', (docker, podman) => {
    expect(dockerToPodman(docker)).toBe(podman);
  });

  it('refuses what is not a docker command', () => {
    expect(() => dockerToPodman('podman run x')).toThrow('not a docker command');
  });
});

describe('readmeCommands', () => {
  const readme = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'readme-')), 'README.md');
    writeFileSync(file, text);
    return file;
  };

  it('takes the block after the marker, continuations joined, comments and blanks dropped', () => {
    const file = readme(
      [
        '```sh',
        'not this',
        '```',
        '<!-- cmds: the block below -->',
        '```sh',
        '# a comment',
        'docker run -d \\',
        '  -e A=1 \\',
        '  image',
        '',
        'docker stop x',
        '```',
        '```sh',
        'nor this',
        '```',
      ].join('\n'),
    );
    expect(readmeCommands('cmds', file)).toEqual(['docker run -d -e A=1 image', 'docker stop x']);
  });

  it('fails loudly when the marker or its block is missing', () => {
    expect(() => readmeCommands('cmds', readme('no marker'))).toThrow('no <!-- cmds -->');
    expect(() => readmeCommands('cmds', readme('<!-- cmds -->\ntext'))).toThrow('no fenced block');
  });
});
