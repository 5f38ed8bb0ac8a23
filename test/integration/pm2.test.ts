// The nanoprobe under pm2 (issue 4: a pm2 ecosystem file): the REAL pm2 (devDependency) with its own PM2_HOME
// starts the packaged nanoprobe from the package's ecosystem.config.cjs, options from an /etc/default-style file;
// the nanoprobe registers with a real CMA; `pm2 stop` makes it send HBSHUTDOWN (the CMA records "shutdown", not
// "dead"). `pm2 kill` always runs in teardown.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoopbackCma, buildAndUnpack, freeUdpPort, until, type Unpacked } from '../helpers/packaged.ts';

const PM2 = 'node_modules/pm2/bin/pm2';
const APP = 'ringwatch-nanoprobe';
const pm2Home = mkdtempSync(join(tmpdir(), 'rw-pm2-'));
const cma = new LoopbackCma();
let pkg: Unpacked | undefined;

function pm2(args: readonly string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [PM2, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, PM2_HOME: pm2Home, ...env } });
}

interface Pm2Process {
  readonly name: string;
  readonly pid: number;
  readonly pm2_env: { readonly status: string; readonly restart_time: number };
}

const list = (): Pm2Process[] => JSON.parse(pm2(['jlist']).stdout || '[]') as Pm2Process[];

test.before(async () => {
  if (!existsSync(PM2)) throw new Error('pm2 is not installed (npm ci installs the devDependencies)');
  pkg = await buildAndUnpack();
  await cma.start();
  await until('the CMA API', () => cma.hosts());
});

test.after.always(() => {
  pm2(['kill']);
  cma.stop();
  if (pkg !== undefined) rmSync(pkg.dir, { recursive: true, force: true });
  rmSync(pm2Home, { recursive: true, force: true });
});

test.serial('pm2 starts the nanoprobe from the packaged ecosystem file; it registers; pm2 stop → HBSHUTDOWN: status shutdown, not dead', async (t) => {
  if (pkg === undefined) throw new Error('no package');
  const stateDir = join(pkg.dir, 'state');
  const envFile = join(pkg.dir, 'ringwatch-nanoprobe.env');
  const listen = await freeUdpPort();
  // The packaged /etc/default file with its settings filled in, as an operator would.
  const defaults = readFileSync(join(pkg.root, 'etc/default/ringwatch-nanoprobe'), 'utf8')
    .replace('#RINGWATCH_CMA=192.0.2.10:1984', `RINGWATCH_CMA=${cma.address}`)
    .replace('#RINGWATCH_LISTEN=0.0.0.0:1984', `RINGWATCH_LISTEN=127.0.0.1:${listen}`)
    .replace('#RINGWATCH_STATE_DIR=/var/lib/ringwatch/nanoprobe', `RINGWATCH_STATE_DIR=${stateDir}`)
    .replace('#RINGWATCH_LOG_LEVEL=info', 'RINGWATCH_LOG_LEVEL=warn')
    .replace('NANOPROBE_OPTS=', 'NANOPROBE_OPTS=--hostname pm2-probe');
  writeFileSync(envFile, defaults);
  const ecosystem = join(pkg.root, 'usr/lib/ringwatch-nanoprobe/ecosystem.config.cjs');
  const started = pm2(['start', ecosystem], { RINGWATCH_ENV_FILE: envFile, RINGWATCH_NANOPROBE_BIN: pkg.bin });
  t.is(started.status, 0, started.stderr);

  const host = await until('pm2-probe registered and up', () => (cma.host('pm2-probe')?.status === 'up' ? cma.host('pm2-probe') : undefined), 30_000).catch((err: unknown) => {
    const logs = pm2(['logs', APP, '--nostream', '--lines', '30']);
    throw new Error(`${err instanceof Error ? err.message : String(err)}; pm2 logs: ${logs.stdout}${logs.stderr}; cma: ${cma.stderr}`);
  });
  const proc = list().find((p) => p.name === APP);
  t.is(proc?.pm2_env.status, 'online');
  t.is(proc?.pm2_env.restart_time, 0, 'started once, never restarted');
  // pm2 watches node itself (the wrapper exec'd it), running the packaged bundle.
  const cmdline = readFileSync(`/proc/${proc?.pid ?? 0}/cmdline`, 'utf8').split('\0');
  t.true(cmdline.includes(join(pkg.root, 'usr/lib/ringwatch-nanoprobe/nanoprobe.mjs')), cmdline.join(' '));
  t.true(cmdline.includes('--lite-mode'));

  const stopped = pm2(['stop', APP]);
  t.is(stopped.status, 0, stopped.stderr);
  const after = await until('pm2-probe shut down at the CMA', () => {
    const h = cma.host('pm2-probe');
    return h !== undefined && h.status !== 'up' ? h : undefined;
  });
  t.is(after.hostId, host.hostId);
  t.is(after.status, 'shutdown', `recorded as shut down, not dead (${after.deadReason})`);
  t.is(list().find((p) => p.name === APP)?.pm2_env.status, 'stopped');
});
