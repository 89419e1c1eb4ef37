import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './run-command.js';

export interface Artifact {
  groupId: string;
  artifactId: string;
  version: string;
  type?: string;
}

function dependencies(artifacts: Artifact[], scope?: string): string {
  return artifacts
    .map(
      (a) => `    <dependency>
      <groupId>${a.groupId}</groupId>
      <artifactId>${a.artifactId}</artifactId>
      <version>${a.version}</version>${a.type ? `<type>${a.type}</type>` : ''}${scope ? `<scope>${scope}</scope>` : ''}
    </dependency>`,
    )
    .join('\n');
}

function pom(name: string, artifacts: Artifact[], boms: Artifact[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.dynamodb-kafka-connect</groupId>
  <artifactId>${name}</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencyManagement><dependencies>
${dependencies(
  boms.map((b) => ({ ...b, type: 'pom' })),
  'import',
)}
  </dependencies></dependencyManagement>
  <dependencies>
${dependencies(artifacts)}
  </dependencies>
</project>
`;
}

/**
 * Fetches `artifacts` and their runtime dependencies from Maven Central into `<dir>/lib`, once.
 * Work happens in a temporary folder renamed into place, so an interrupted download is redone
 * rather than half-used. `boms` pin versions of transitive dependencies.
 */
export async function fetchJars(
  dir: string,
  name: string,
  artifacts: Artifact[],
  boms: Artifact[] = [],
): Promise<string> {
  const lib = join(dir, 'lib');
  if (existsSync(join(dir, '.complete'))) return lib;
  // One fixed name: `up` holds the stack lock, and a name per pid would pile up after interruptions.
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'pom.xml'), pom(name, artifacts, boms));
  await runCommand(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      join(tmp, 'pom.xml'),
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${join(tmp, 'lib')}`,
    ],
    { cwd: tmp },
  );
  writeFileSync(join(tmp, '.complete'), new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return lib;
}
