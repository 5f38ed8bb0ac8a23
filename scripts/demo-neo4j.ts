// The demo's Neo4j side (scripts/demo.ts): checks that Java and Maven are there, starts the project's embedded Neo4j
// (scripts/neo4j-launch.mjs; the first run builds it, progress on stderr) on a free port with a temporary data dir
// and a generated password, and runs the real `cma query` command against it.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Launch from './neo4j-launch.mjs';

/** The .mjs is not compiled into dist/: load it from the repository (dist/scripts → ../../scripts). */
const loadLauncher = async (): Promise<typeof Launch> => (await import(new URL('../../scripts/neo4j-launch.mjs', import.meta.url).href)) as typeof Launch;

/** One line saying what to install when `java` (or, before the first build, `mvn`) cannot run; undefined when fine. */
export async function missingJavaOrMaven(): Promise<string | undefined> {
  const launch = await loadLauncher();
  const runs = (command: string, args: string[]): boolean => spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;
  const java = runs(launch.javaCommand().java, ['-version']);
  const maven = !launch.launcherNeedsBuild() || runs('mvn', ['-v']);
  if (java && maven) return undefined;
  const missing = [java ? [] : ['Java 17 (java)'], maven ? [] : ['Maven 3.8+ (mvn)']].flat().join(' and ');
  return `the demo runs the project's embedded Neo4j and needs ${missing}: install them (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless maven) and run npm run demo again`;
}

export interface DemoNeo4j {
  readonly uri: string;
  readonly dataDir: string;
  readonly pid: number;
  /** The environment a `cma` command needs to reach it: RINGWATCH_NEO4J_URI and RINGWATCH_NEO4J_PASSWORD. */
  readonly env: Readonly<Record<string, string>>;
  /** Stops Neo4j (SIGTERM, then SIGKILL after 15 s) and removes its data dir; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts Neo4j with Bolt on `host` (a free port), auth on with a generated password, data in a new temporary dir.
 * The hooks hear the dir as soon as it exists and the launcher's pid as soon as it runs, so that a Ctrl-C during
 * the start can still stop it and remove the dir.
 */
export async function startDemoNeo4j(host: string, hooks: { onDataDir: (dir: string) => void; onSpawn: (pid: number) => void }): Promise<DemoNeo4j> {
  const launch = await loadLauncher();
  const dataDir = mkdtempSync(join(tmpdir(), 'rw-demo-neo4j-'));
  hooks.onDataDir(dataDir);
  const password = randomBytes(18).toString('base64url');
  const handle = await launch.startNeo4j({ dataDir, host, port: 0, password, readyTimeoutMs: 180_000, onSpawn: hooks.onSpawn });
  let stopped: Promise<void> | undefined;
  return {
    uri: handle.boltUri,
    dataDir,
    pid: handle.pid,
    env: { RINGWATCH_NEO4J_URI: handle.boltUri, RINGWATCH_NEO4J_PASSWORD: password },
    stop: () =>
      (stopped ??= handle.stop(15_000).then(() => {
        rmSync(dataDir, { recursive: true, force: true });
      })),
  };
}

/** Runs `cma query ARGS` (dist/cma/cli.js) with `env`; its stdout, or an Error with its stderr line. */
export function cmaQuery(args: readonly string[], env: Readonly<Record<string, string>>): string {
  const r = spawnSync(process.execPath, ['dist/cma/cli.js', 'query', ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`cma query ${args.join(' ')} exited ${String(r.status ?? r.signal)}: ${r.stderr.trim()}`);
  return r.stdout;
}
