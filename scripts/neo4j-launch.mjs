// Embedded Neo4j 5.26 Community for development, tests and the demo (deploy/neo4j, see docs/neo4j.md).
// Plain Node, no build step: `scripts/neo4j.mjs` (npm run neo4j) and the TypeScript tests both use it.
// Types: neo4j-launch.d.mts beside this file.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The repository root (parent of scripts/). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The Maven project of the launcher. */
export const NEO4J_PROJECT_DIR = join(REPO_ROOT, 'deploy', 'neo4j');
/** The Neo4j version pinned in deploy/neo4j/pom.xml (`<neo4j.version>`). */
export const NEO4J_VERSION = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(readFileSync(join(NEO4J_PROJECT_DIR, 'pom.xml'), 'utf8'))?.[1] ?? 'unknown';
/** Heap and GC when NEO4J_JAVA_OPTS is not set; the page cache (128m) is a launcher flag. */
export const DEFAULT_JAVA_OPTS = ['-Xmx512m'];
/** What Neo4j's own start script adds on Java 17; harmless, and quieter than without. */
const FIXED_JAVA_OPTS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dlog4j2.disable.jmx=true',
];
const READY_LINE = /^neo4j ready (bolt:\/\/(.+):(\d+))$/;
const BUILD_LOCK_STALE_MS = 20 * 60_000;
/** Bound of the stderr tail kept for error messages. */
const STDERR_TAIL_LINES = 40;

const target = join(NEO4J_PROJECT_DIR, 'target');
const launcherJar = join(target, 'launcher.jar');

/** Newest mtime (ms) of the files that define the launcher: pom.xml and everything under src/. */
function sourceMtimeMs() {
  let newest = statSync(join(NEO4J_PROJECT_DIR, 'pom.xml')).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(NEO4J_PROJECT_DIR, 'src'));
  return newest;
}

/** True when target/ lacks the launcher jar or its libraries, or is older than pom.xml or the Java source. */
export function launcherNeedsBuild() {
  if (!existsSync(launcherJar) || !existsSync(join(target, 'lib', `neo4j-${NEO4J_VERSION}.jar`))) return true;
  return statSync(launcherJar).mtimeMs < sourceMtimeMs();
}

/** @type {Promise<void> | undefined} one build per process; other processes wait on the lock directory */
let building;

/**
 * Builds deploy/neo4j with `mvn -q -B package` when {@link launcherNeedsBuild}; progress goes to stderr.
 * @param {{ log?: (line: string) => void }} [init]
 */
export function buildLauncher(init = {}) {
  const log = init.log ?? ((line) => process.stderr.write(`${line}\n`));
  building ??= buildLocked(log).finally(() => {
    building = undefined;
  });
  return building;
}

async function buildLocked(log) {
  if (!launcherNeedsBuild()) return;
  const lock = join(tmpdir(), `ringwatch-neo4j-build-${createHash('sha256').update(NEO4J_PROJECT_DIR).digest('hex').slice(0, 12)}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > BUILD_LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else await sleep(500);
    }
  }
  try {
    if (!launcherNeedsBuild()) return; // another process built it while we waited
    const cached = existsSync(join(homedir(), '.m2', 'repository', 'org', 'neo4j', 'neo4j', NEO4J_VERSION));
    log(cached ? 'building Neo4j launcher with Maven…' : 'building Neo4j launcher with Maven (first run downloads ~170 MB)…');
    const started = Date.now();
    const code = await new Promise((resolve, reject) => {
      const mvn = spawn('mvn', ['-q', '-B', '-Dstyle.color=never', 'package'], { cwd: NEO4J_PROJECT_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
      // Debian's Maven 3.8.7 prints ANSI resets even with -B: strip them, pass the rest to the log.
      for (const stream of [mvn.stdout, mvn.stderr]) {
        createInterface({ input: stream }).on('line', (line) => {
          const clean = line.replace(/\x1b\[[0-9;]*m/g, '');
          if (clean.trim() !== '') log(clean);
        });
      }
      mvn.on('error', (e) => reject(new Error(`cannot run mvn (Maven 3.8+ and Java 17 are needed): ${e.message}`)));
      mvn.on('exit', (c, signal) => resolve(c ?? signal));
    });
    if (code !== 0) throw new Error(`mvn -q -B package in ${NEO4J_PROJECT_DIR} failed (${code})`);
    const now = new Date();
    utimesSync(launcherJar, now, now); // the jar plugin may keep an unchanged jar's old mtime
    log(`Neo4j launcher built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The `java` command and JVM options: NEO4J_JAVA_OPTS (whitespace-separated) replaces {@link DEFAULT_JAVA_OPTS}. */
export function javaCommand(env = process.env) {
  const java = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const opts = env.NEO4J_JAVA_OPTS?.trim() ? env.NEO4J_JAVA_OPTS.trim().split(/\s+/) : DEFAULT_JAVA_OPTS;
  const classpath = `${join(target, 'lib', '*')}:${launcherJar}`;
  return { java, args: [...opts, ...FIXED_JAVA_OPTS, '-cp', classpath, 'ringwatch.neo4j.Launcher'] };
}

/**
 * Spawns the launcher (after {@link buildLauncher}) with launcher flags `args`. A password given here is written to
 * its stdin (`--password-file -`), never put on the command line.
 * @param {string[]} args
 * @param {{ password?: string, stdio?: 'pipe' | 'inherit' }} [init]
 */
export function spawnLauncher(args, init = {}) {
  const { java, args: javaArgs } = javaCommand();
  const withPassword = init.password === undefined ? args : [...args, '--password-file', '-'];
  const out = init.stdio ?? 'pipe';
  const child = spawn(java, [...javaArgs, ...withPassword], { stdio: [init.password === undefined ? 'ignore' : 'pipe', out, out] });
  if (init.password !== undefined) child.stdin?.end(`${init.password}\n`);
  return child;
}

/**
 * Builds if needed, starts Neo4j on `host:port` (port 0, the default: a free port) with the data in `dataDir`, and
 * resolves once the launcher prints its readiness line. No password means auth off.
 * @param {import('./neo4j-launch.d.mts').StartNeo4jInit} init
 * @returns {Promise<import('./neo4j-launch.d.mts').Neo4jHandle>}
 */
export async function startNeo4j(init) {
  await buildLauncher(init.log === undefined ? {} : { log: init.log });
  const args = ['--data', init.dataDir, '--bolt-host', init.host ?? '127.0.0.1', '--bolt-port', String(init.port ?? 0)];
  if (init.pageCache !== undefined) args.push('--pagecache', init.pageCache);
  if (init.password === undefined) args.push('--no-auth');
  const child = spawnLauncher(args, init.password === undefined ? {} : { password: init.password });
  /** @type {string[]} bounded by STDERR_TAIL_LINES */
  const tail = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    init.onStderrLine?.(line);
    tail.push(line);
    if (tail.length > STDERR_TAIL_LINES) tail.shift();
  });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal));
    child.on('error', (e) => resolve(`spawn failed: ${e.message}`));
  });
  const readyTimeoutMs = init.readyTimeoutMs ?? 120_000;
  const boltUri = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Neo4j not ready after ${readyTimeoutMs} ms:\n${tail.join('\n')}`));
    }, readyTimeoutMs);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = READY_LINE.exec(line);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      const error = [...tail].reverse().find((l) => l.startsWith('neo4j: error:'));
      reject(new Error(error ?? `Neo4j launcher exited (${code}) before it was ready:\n${tail.join('\n')}`));
    });
  });
  const m = READY_LINE.exec(`neo4j ready ${boltUri}`);
  return {
    boltUri,
    host: m?.[2] ?? '127.0.0.1',
    port: Number(m?.[3]),
    pid: child.pid ?? -1,
    exited,
    stderrTail: () => [...tail],
    async stop(timeoutMs = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
