#!/usr/bin/env node
// `npm run neo4j [-- launcher flags]`: embedded Neo4j 5.26 Community for development (docs/neo4j.md).
// Builds deploy/neo4j with Maven when needed, then runs the launcher in the foreground. Defaults: --data .neo4j/data
// under the repository, Bolt on 127.0.0.1:7687, auth off unless NEO4J_PASSWORD is set (then user neo4j gets it).
// Stdout carries only the readiness line `neo4j ready bolt://HOST:PORT`; SIGTERM/SIGINT stop Neo4j cleanly.
import { join } from 'node:path';
import { REPO_ROOT, buildLauncher, spawnLauncher } from './neo4j-launch.mjs';

const args = process.argv.slice(2);
const has = (...flags) => args.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)));
let password;
if (!has('--help', '-h')) {
  if (!has('--data')) args.push('--data', join(REPO_ROOT, '.neo4j', 'data'));
  if (!has('--password', '--password-file', '--no-auth')) {
    if (process.env.NEO4J_PASSWORD) password = process.env.NEO4J_PASSWORD;
    else args.push('--no-auth');
  }
}

try {
  await buildLauncher();
} catch (e) {
  process.stderr.write(`neo4j: error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
const child = spawnLauncher(args, { ...(password === undefined ? {} : { password }), stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('error', (e) => {
  process.stderr.write(`neo4j: error: cannot run java (Java 17+ is needed): ${e.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGKILL' ? 137 : 1)));
