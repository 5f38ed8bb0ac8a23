// The nanoprobe's Debian package (issue 4: ships as an installable package): built with dpkg-deb, inspected with
// dpkg-deb --info/--contents and systemd-analyze verify, unpacked with dpkg -x, and the unpacked nanoprobe run
// against a real CMA on loopback until it registers.
import test from 'ava';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nanoprobeNodeArgs } from '../../scripts/nanoprobe-bundle.ts';
import { LoopbackCma, buildAndUnpack, freeUdpPort, until, type Unpacked } from '../helpers/packaged.ts';

let pkg: Unpacked;
/** The package's temporary directory, once built (removed in teardown). */
let pkgDir: string | undefined;
const cma = new LoopbackCma();
let probe: ChildProcess | undefined;

const run = (cmd: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } => spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });

test.before(async () => {
  for (const bin of ['dpkg-deb', 'dpkg', 'systemd-analyze']) if (run('sh', ['-c', `command -v ${bin}`]).status !== 0) throw new Error(`${bin} is not installed (apt-get install dpkg systemd)`);
  pkg = await buildAndUnpack();
  pkgDir = pkg.dir;
});

test.after.always(() => {
  probe?.kill('SIGKILL');
  cma.stop();
  if (pkgDir !== undefined) rmSync(pkgDir, { recursive: true, force: true });
});

test.serial('dpkg-deb --info: name, version, architecture all, Depends nodejs (>= 20.19), Recommends tcpdump, conffile and maintainer scripts', (t) => {
  const info = run('dpkg-deb', ['--info', pkg.file]);
  t.is(info.status, 0, info.stderr);
  const field = (name: string): string | undefined => new RegExp(`^ ${name}: (.*)$`, 'm').exec(info.stdout)?.[1];
  t.is(field('Package'), 'ringwatch-nanoprobe');
  t.is(field('Version'), pkg.version);
  t.is(field('Architecture'), 'all');
  t.is(field('Depends'), 'nodejs (>= 20.19)');
  t.is(field('Recommends'), 'tcpdump');
  t.true(Number(field('Installed-Size')) > 100, 'Installed-Size in KiB');
  for (const script of ['postinst', 'prerm', 'postrm']) t.regex(info.stdout, new RegExp(`\\*\\s+${script}\\s+#!/bin/sh`), `${script} is an executable sh script`);
  t.is(run('dpkg-deb', ['--field', pkg.file, 'Package']).stdout.trim(), 'ringwatch-nanoprobe');
  const ctrl = join(pkg.dir, 'ctrl');
  mkdirSync(ctrl);
  t.is(run('dpkg-deb', ['--control', pkg.file, ctrl]).status, 0);
  t.is(readFileSync(join(ctrl, 'conffiles'), 'utf8'), '/etc/default/ringwatch-nanoprobe\n');
  for (const script of ['postinst', 'prerm', 'postrm']) t.is(run('sh', ['-n', join(ctrl, script)]).status, 0, `${script} parses`);
  // postinst starts the unit only where systemd is the running init, prerm stops it on remove.
  t.regex(readFileSync(join(ctrl, 'postinst'), 'utf8'), /if \[ -d \/run\/systemd\/system \]; then[\s\S]*systemctl "\$action"/);
  t.regex(readFileSync(join(ctrl, 'prerm'), 'utf8'), /systemctl stop ringwatch-nanoprobe\.service/);
});

test.serial('dpkg-deb --contents: bundle, wrapper, unit, /etc/default, ecosystem file, with their modes and root ownership', (t) => {
  const contents = run('dpkg-deb', ['--contents', pkg.file]);
  t.is(contents.status, 0, contents.stderr);
  const rows = new Map(
    contents.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/))
      .map((f) => [f[5] ?? '', { mode: f[0] ?? '', owner: f[1] ?? '' }]),
  );
  const expected: Record<string, string> = {
    './usr/bin/nanoprobe': '-rwxr-xr-x',
    './usr/lib/ringwatch-nanoprobe/nanoprobe.mjs': '-rw-r--r--',
    './usr/lib/ringwatch-nanoprobe/ecosystem.config.cjs': '-rw-r--r--',
    './usr/lib/systemd/system/ringwatch-nanoprobe.service': '-rw-r--r--',
    './etc/default/ringwatch-nanoprobe': '-rw-r--r--',
    './usr/share/doc/ringwatch-nanoprobe/packaging.md': '-rw-r--r--',
    './usr/share/doc/ringwatch-nanoprobe/copyright': '-rw-r--r--',
  };
  for (const [path, mode] of Object.entries(expected)) t.is(rows.get(path)?.mode, mode, path);
  t.true([...rows.values()].every((r) => r.owner === 'root/root'), 'everything owned by root');
  t.false([...rows.keys()].some((p) => p.includes('node_modules') || p.endsWith('.node')), 'no node_modules, no native addon');
});

test.serial('systemd-analyze verify accepts the unit (no warning), which keeps the hardening the nanoprobe needs', (t) => {
  const unitFile = join(pkg.root, 'usr/lib/systemd/system/ringwatch-nanoprobe.service');
  const unit = readFileSync(unitFile, 'utf8');
  // verify checks that ExecStart exists: point it at the unpacked wrapper.
  const verifyDir = join(pkg.dir, 'verify');
  mkdirSync(verifyDir);
  writeFileSync(join(verifyDir, 'ringwatch-nanoprobe.service'), unit.replace('ExecStart=/usr/bin/nanoprobe', `ExecStart=${pkg.bin}`));
  const r = run('systemd-analyze', ['verify', join(verifyDir, 'ringwatch-nanoprobe.service')]);
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr.trim(), '', 'no unknown keys or bad values');
  for (const line of ['Restart=on-failure', 'EnvironmentFile=-/etc/default/ringwatch-nanoprobe', 'StateDirectory=ringwatch/nanoprobe', 'DynamicUser=yes', 'NoNewPrivileges=yes', 'ProtectSystem=strict']) t.true(unit.split('\n').includes(line), line);
  const caps = /^AmbientCapabilities=(.*)$/m.exec(unit)?.[1]?.split(' ').sort();
  t.deepEqual(caps, ['CAP_DAC_READ_SEARCH', 'CAP_NET_RAW', 'CAP_SYS_PTRACE']);
  t.deepEqual(/^CapabilityBoundingSet=(.*)$/m.exec(unit)?.[1]?.split(' ').sort(), caps);
  t.notRegex(unit.split('\n').filter((l) => !l.startsWith('#')).join('\n'), /ProtectProc=invisible|ProcSubset=pid/, 'every process stays visible to netstat discovery');
  t.regex(unit, /^RestrictAddressFamilies=.*AF_PACKET/m, 'tcpdump needs packet sockets');
});

test.serial('the unpacked wrapper runs the bundle with the bin’s node options and prints the package version', (t) => {
  const wrapper = readFileSync(pkg.bin, 'utf8');
  t.true(wrapper.includes(`"\${RINGWATCH_NODE:-node}" ${nanoprobeNodeArgs().join(' ')} "$prefix/lib/ringwatch-nanoprobe/nanoprobe.mjs"`), wrapper);
  t.deepEqual(nanoprobeNodeArgs().slice(0, 1), ['--lite-mode']);
  const r = run(pkg.bin, ['--version']);
  t.is(r.status, 0, r.stderr);
  t.is(r.stdout.trim(), pkg.version);
  t.is(r.stderr, '', 'no V8 flag warning on stderr');
});

test.serial('the unpacked nanoprobe registers with a real CMA on loopback (cma hosts --json: up), running the bundle in lite mode without native addons', async (t) => {
  await cma.start();
  await until('the CMA API', () => cma.hosts());
  const listen = await freeUdpPort();
  const stateDir = join(pkg.dir, 'state');
  probe = spawn(pkg.bin, ['run', '--cma', cma.address, '--listen', `127.0.0.1:${listen}`, '--state-dir', stateDir, '--hostname', 'pkg-deb', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  probe.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const host = await until('pkg-deb registered and up', () => (cma.host('pkg-deb')?.status === 'up' ? cma.host('pkg-deb') : undefined)).catch((err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; nanoprobe stderr: ${stderr}; cma stderr: ${cma.stderr}`);
  });
  t.is(host.status, 'up');
  const pid = probe.pid ?? 0;
  // The wrapper exec'd node: the process the CMA talks to is node itself, with the options and the bundle.
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  t.deepEqual(cmdline.slice(1, 1 + nanoprobeNodeArgs().length), nanoprobeNodeArgs());
  t.is(cmdline[1 + nanoprobeNodeArgs().length], join(pkg.root, 'usr/lib/ringwatch-nanoprobe/nanoprobe.mjs'));
  const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  t.false(/\.node$/m.test(maps), 'no native addon mapped (sodium-native, msgpackr-extract are left out)');
  const status = run(pkg.bin, ['status', '--state-dir', stateDir, '--json']);
  t.is(status.status, 0, status.stderr);
  t.is((JSON.parse(status.stdout) as { hostId: string }).hostId, host.hostId, 'nanoprobe status over the state dir socket');
});
