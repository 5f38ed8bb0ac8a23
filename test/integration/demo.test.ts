// `npm run demo` is the README's main command: real Neo4j (the project's embedded launcher), a CMA on it and real
// nanoprobes form a ring, one is killed, the CMA confirms the death and repairs the ring, and the real `cma query`
// command shows the same in Neo4j. Run both ways it can run: namespaces (root) and loopback; also Ctrl-C in the
// or SIGTERM in the middle (everything stopped and removed) and a machine without Java (one line, exit 1).
import test, { type ExecutionContext } from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface DemoRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly pid: number;
}

/**
 * Runs dist/scripts/demo.js; `onStdout` sees the stdout so far after each chunk and may signal the child. `ownGroup`
 * makes the demo a process-group leader, as a shell makes a foreground job, so that `kill(-pid)` acts as Ctrl-C.
 */
function runDemo(env: NodeJS.ProcessEnv, onStdout?: (out: string, pid: number) => void, ownGroup = false): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/scripts/demo.js'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: ownGroup });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      onStdout?.(stdout, child.pid ?? -1);
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 280_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, pid: child.pid ?? -1 });
    });
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Neo4j's data dir and pid are gone, and so are the demo's namespaces (tag dm + its pid, test/helpers/netns.ts). */
function assertCleanedUp(t: ExecutionContext, r: DemoRun): void {
  const m = /data in (\S+), pid (\d+)\)/.exec(r.stdout);
  t.truthy(m, r.stdout);
  t.false(existsSync(m?.[1] ?? '/nonexistent-path-but-fail-above'), 'Neo4j data dir removed');
  t.false(alive(Number(m?.[2])), 'Neo4j stopped');
  const namespaces = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
  t.false(namespaces.split('\n').some((l) => l.startsWith(`rwdm${r.pid % 100_000}`)), namespaces);
}

for (const mode of ['namespaces', 'loopback'] as const) {
  test.serial(`the demo shows registration, rings, a confirmed death, the repaired ring and Neo4j's Cypher answers (${mode})`, async (t) => {
    t.timeout(300_000);
    const r = await runDemo({ ...process.env, ...(mode === 'loopback' ? { RINGWATCH_DEMO_LOOPBACK: '1' } : {}) });
    t.is(r.code, 0, r.stderr);
    t.regex(r.stdout, mode === 'loopback' ? /in loopback addresses/ : /in network namespaces/);
    t.regex(r.stdout, /embedded Neo4j ready at bolt:\/\/\S+:\d+ in [\d.]+ s \(auth on/);
    t.regex(r.stdout, /the CMA is up with --store neo4j/);
    t.regex(r.stdout, /6 nanoprobes registered in \d+ ms/);
    const before = (/these rings .*\n\s+\S+\s+(.*) → \(back to the first\)\n/.exec(r.stdout)?.[1] ?? '').split(' → ');
    t.is(before.length, 6, r.stdout);
    const at = before.indexOf('h3');
    const [pred, succ] = [before[(at + 5) % 6] ?? '?', before[(at + 1) % 6] ?? '?'];
    t.regex(r.stdout, new RegExp(`h3 declared dead by the CMA \\d+ ms after the kill: reported dead by (${pred} and ${succ}|${succ} and ${pred})`));
    const ring = /the ring repaired around it:\n\s+\S+\s+(.*) → \(back to the first\)\n/.exec(r.stdout)?.[1] ?? '';
    t.deepEqual(ring.split(' → '), before.filter((h) => h !== 'h3'), 'the survivors, in their order');
    t.regex(r.stdout, /hosts: 5 up, 1 dead/);

    // The Cypher answers come last, from Neo4j through `cma query`: the same ring, h3 down, the new watcher.
    const cypher = r.stdout.slice(r.stdout.indexOf('and the graph in Neo4j answers in Cypher'));
    t.true(cypher.length > 0 && r.stdout.trimEnd().endsWith(cypher.trimEnd()), r.stdout);
    t.regex(cypher, new RegExp(`\\$ cma query rings\\n\\s+ring\\s+size\\s+members\\n\\s+subnet:\\S+\\s+5\\s+${ring.split(' → ').join(', ')}\\n\\s+top\\s+\\d\\s+[^\\n]+\\n\\s+\\(2 rows\\)`));
    t.regex(cypher, new RegExp(`\\$ cma query down\\n\\s+hostname\\s+hostId\\s+status\\s+since\\s+reason\\n\\s+h3\\s+[0-9a-f]{32}\\s+dead\\s+\\S+Z\\s+reported dead by (${pred} and ${succ}|${succ} and ${pred})[^\\n]*\\n\\s+\\(1 row\\)`), 'the observers by hostname');
    const watchers = new RegExp(`\\$ cma query watchers-of --param host=${succ}\\n\\s+watched.*\\n((?:\\s+${succ}\\s+.*\\n)+)\\s+\\(\\d rows?\\)`).exec(cypher);
    t.truthy(watchers, cypher);
    t.regex(watchers?.[1] ?? '', new RegExp(`^\\s+${succ}\\s+${pred}\\s+[0-9a-f]{32}\\s+up\\s+subnet:`, 'm'), `${pred} now watches ${succ} across the gap`);
    t.notRegex(watchers?.[1] ?? '', /\bh3\b/);
    assertCleanedUp(t, r);
  });
}

// A terminal's Ctrl-C signals the whole process group (Neo4j's JVM and the daemons too); a supervisor's SIGTERM
// reaches the demo alone, which must then stop everything itself.
for (const [how, signal, code] of [['Ctrl-C (SIGINT to the process group)', 'SIGINT', 130], ['SIGTERM to the demo alone', 'SIGTERM', 143]] as const) {
  test.serial(`${how} in the middle stops Neo4j and the daemons and removes everything (exit ${code})`, async (t) => {
    t.timeout(300_000);
    let sent = false;
    const r = await runDemo(process.env, (out, pid) => {
      if (!sent && /nanoprobes registered/.test(out)) {
        sent = true;
        process.kill(signal === 'SIGINT' ? -pid : pid, signal);
      }
    }, signal === 'SIGINT');
    t.true(sent, r.stdout + r.stderr);
    t.is(r.code, code, r.stderr);
    t.is(r.stderr, `demo: ${signal}: stopping Neo4j and the daemons, removing temporary files…\n`);
    t.notRegex(r.stdout, /cma query/);
    assertCleanedUp(t, r);
  });
}

test.serial('without Java the demo prints one line saying what to install and exits 1', async (t) => {
  const emptyPath = mkdtempSync(join(tmpdir(), 'rw-demo-nopath-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: emptyPath };
    delete env.JAVA_HOME;
    const r = await runDemo(env);
    t.is(r.code, 1);
    t.is(r.stdout, '');
    t.regex(r.stderr, /^error: the demo runs the project's embedded Neo4j and needs Java 17 \(java\)[^\n]*: install them \(Debian\/Ubuntu: apt-get install openjdk-17-jdk-headless maven\)[^\n]*\n$/);
  } finally {
    rmSync(emptyPath, { recursive: true, force: true });
  }
});
