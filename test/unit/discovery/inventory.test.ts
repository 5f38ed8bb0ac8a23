/**
 * Host inventory parsers against files captured on a real Debian 12 host (test/fixtures/inventory/SOURCES.md), and
 * the collector over a fixture tree (proc root and /sys/class/net pointed at copies of those files).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { collectInventory, DEFAULT_INVENTORY_SOURCES } from '../../../discovery/collectors/inventory.ts';
import {
  buildInventory,
  parseCpuinfo,
  parseDpkgQuery,
  parseIpAddrJson,
  parseMeminfo,
  parseOsRelease,
  parseProcVersion,
  parseSysNetInterface,
  parseUname,
} from '../../../discovery/index.ts';

const DIR = join(process.cwd(), 'test/fixtures/inventory');
const fx = (name: string): string => readFileSync(join(DIR, name), 'utf8');

test('os-release: named fields, quoting undone, odd lines warned', (t) => {
  const r = parseOsRelease(fx('os-release.debian12'));
  t.deepEqual(r.warnings, []);
  t.is(r.value.id, 'debian');
  t.is(r.value.versionId, '12');
  t.is(r.value.prettyName, 'Debian GNU/Linux 12 (bookworm)');
  t.is(r.value.versionCodename, 'bookworm');
  t.is(r.value.fields.HOME_URL, 'https://www.debian.org/');
  const odd = parseOsRelease('ID=ubuntu\nID_LIKE="debian rhel"\n# comment\nNAME="Ub\\"x"\nbroken line\nX=\'a b\'\nY="open');
  t.deepEqual(odd.value.idLike, ['debian', 'rhel']);
  t.is(odd.value.name, 'Ub"x');
  t.is(odd.value.fields.X, 'a b');
  t.deepEqual(odd.warnings.map((w) => w.line), [5, 7]);
});

test('/proc/version: release, build string and the nested compiler group; uname fallback', (t) => {
  const r = parseProcVersion(fx('proc-version'));
  t.deepEqual(r.warnings, []);
  t.deepEqual(r.value, { name: 'Linux', release: '6.18.44-fc-v669', version: '#1 SMP PREEMPT_DYNAMIC @0', builtBy: 'gcc (GCC) 15.3.0, GNU ld (GNU Binutils) 2.46' });
  const deb = parseProcVersion('Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\n');
  t.is(deb.value?.release, '6.1.0-18-amd64');
  t.is(deb.value?.version, '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)');
  t.is(parseProcVersion('hello').value, undefined);
  t.deepEqual(parseUname('Linux 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64\n').value, {
    name: 'Linux',
    release: '6.1.0-18-amd64',
    version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)',
    machine: 'x86_64',
  });
});

test('cpuinfo: x86 sockets/cores/model, arm64 implementer and part', (t) => {
  const x86 = parseCpuinfo(fx('cpuinfo.x86'));
  t.deepEqual(x86.warnings, []);
  t.like(x86.value, { logicalCpus: 2, physicalCores: 2, sockets: 1, model: 'AMD EPYC', vendor: 'AuthenticAMD' });
  t.true(x86.value.flags.includes('avx2'));
  const arm = parseCpuinfo(fx('cpuinfo.arm64'));
  t.deepEqual(arm.warnings, []);
  t.like(arm.value, { logicalCpus: 2, model: 'implementer 0x41 part 0xd0c', vendor: 'ARM' });
  t.is(arm.value.physicalCores, undefined);
  t.true(arm.value.flags.includes('asimd'));
});

test('meminfo: kB lines in bytes, counts as counts', (t) => {
  const r = parseMeminfo(fx('meminfo'));
  t.deepEqual(r.warnings, []);
  t.is(r.value.totalBytes, 24684084 * 1024);
  t.is(r.value.swapTotalBytes, 0);
  t.is(r.value.fields.HugePages_Total, 0);
  t.is(parseMeminfo('MemTotal: x kB\nFoo 12\n').warnings.length, 2);
});

test('sysfs interface files: MAC, MTU, speed; -1 and absent speed are unknown', (t) => {
  const net = (name: string, f: string): string => fx(`sys-class-net/${name}/${f}`);
  t.deepEqual(parseSysNetInterface({ name: 'vinv1', address: net('vinv1', 'address'), mtu: net('vinv1', 'mtu'), speed: net('vinv1', 'speed'), operstate: net('vinv1', 'operstate') }).value, {
    name: 'vinv1',
    mac: '02:00:5e:00:3a:02',
    mtuBytes: 9000,
    speedMbps: 10000,
    operstate: 'up',
  });
  t.deepEqual(parseSysNetInterface({ name: 'lo', address: '00:00:00:00:00:00\n', mtu: '65536\n', operstate: 'unknown\n' }).value, { name: 'lo', mac: '00:00:00:00:00:00', mtuBytes: 65536, operstate: 'unknown' });
  const down = parseSysNetInterface({ name: 'eth9', speed: '-1\n', mtu: 'big' });
  t.is(down.value.speedMbps, undefined);
  t.is(down.warnings.length, 1);
});

test('ip -j addr: interfaces with addresses; not JSON is DISC_BAD_JSON', (t) => {
  const r = parseIpAddrJson(fx('ip-j-addr.json'));
  t.deepEqual(r.warnings, []);
  const v1 = r.value.find((i) => i.name === 'vinv1');
  t.like(v1, { mtuBytes: 9000, mac: '02:00:5e:00:3a:02', link: 'vinv0' });
  t.deepEqual(v1?.addresses, [
    { family: 4, address: '198.18.3.2', prefixLength: 24, scope: 'global' },
    { family: 6, address: 'fe80::5eff:fe00:3a02', prefixLength: 64, scope: 'link' },
  ]);
  t.deepEqual(r.value.find((i) => i.name === 'lo')?.addresses.map((a) => a.address), ['127.0.0.1', '::1']);
  t.throws(() => parseIpAddrJson('{"x":1}'), { code: 'DISC_BAD_JSON' } as never);
  t.deepEqual(parseIpAddrJson('').value, []);
});

test('dpkg-query: every package of a real host, installed flag from the status', (t) => {
  const r = parseDpkgQuery(fx('dpkg-query.tsv'));
  t.deepEqual(r.warnings, []);
  t.is(r.value.length, 736);
  t.like(r.value.find((p) => p.name === 'adduser'), { version: '3.134', architecture: 'all', status: 'ii', installed: true });
  const odd = parseDpkgQuery('a\t1\tall\trc \nbroken\nb\t2\tamd64\thi \n');
  t.deepEqual(odd.value.map((p) => [p.name, p.installed]), [['a', false], ['b', true]]);
  t.is(odd.warnings.length, 1);
});

test('buildInventory: NICs joined by name, volatile fields left out, bad parts are warnings', (t) => {
  const r = buildInventory({
    meminfo: fx('meminfo'),
    cpuinfo: fx('cpuinfo.x86'),
    ipAddrJson: fx('ip-j-addr.json'),
    sysNet: [{ name: 'vinv1', speed: '10000', mtu: '9000', address: '02:00:5e:00:3a:02', operstate: 'up' }],
    dpkgQuery: 'b\t1\tall\tii \na\t1\tall\tii \n',
    osRelease: fx('os-release.debian12'),
  });
  t.deepEqual(r.value.memory, { totalBytes: 24684084 * 1024, swapTotalBytes: 0 });
  t.false('mhz' in (r.value.cpu ?? {}));
  t.deepEqual(r.value.nics.map((n) => n.name), ['lo', 'vinv0', 'vinv1']);
  t.like(r.value.nics[2], { speedMbps: 10000, index: 2, operstate: 'up' });
  t.deepEqual(r.value.packages?.map((p) => p.name), ['a', 'b']);
  const bad = buildInventory({ ipAddrJson: 'nope', procVersion: 'garbage' });
  t.deepEqual(bad.value.nics, []);
  t.true(bad.warnings.some((w) => w.message.startsWith('ip -j addr: DISC_BAD_JSON')));
});

test('collector over a fixture tree: the same inventory the parsers give, no commands run', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'rw-inv-'));
  try {
    copyFileSync(join(DIR, 'proc-version'), join(root, 'version'));
    copyFileSync(join(DIR, 'cpuinfo.arm64'), join(root, 'cpuinfo'));
    copyFileSync(join(DIR, 'meminfo'), join(root, 'meminfo'));
    const c = await collectInventory({
      ...DEFAULT_INVENTORY_SOURCES,
      procRoot: root,
      sysClassNet: join(DIR, 'sys-class-net'),
      osReleasePaths: [join(root, 'missing'), join(DIR, 'os-release.debian12')],
      ipCommand: false,
      dpkgCommand: false,
    });
    t.deepEqual(c.warnings, []);
    t.is(c.inventory.os?.id, 'debian');
    t.is(c.inventory.kernel?.release, '6.18.44-fc-v669');
    t.is(c.inventory.cpu?.vendor, 'ARM');
    t.deepEqual(c.inventory.nics.map((n) => [n.name, n.mac, n.mtuBytes, n.speedMbps ?? null]), [
      ['lo', '00:00:00:00:00:00', 65536, null],
      ['vinv0', '02:00:5e:00:3a:01', 1500, 10000],
      ['vinv1', '02:00:5e:00:3a:02', 9000, 10000],
    ]);
    t.is(c.inventory.packages, undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('collector: a missing tool is one warning and the rest goes on', async (t) => {
  const c = await collectInventory({ ...DEFAULT_INVENTORY_SOURCES, procRoot: DIR, sysClassNet: join(DIR, 'none'), osReleasePaths: [], ipCommand: false, dpkgCommand: false });
  t.deepEqual(c.warnings, ['os-release: not found']);
});
