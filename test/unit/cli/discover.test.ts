// `nanoprobe discover lldp --pcap FILE`: the operator's offline decoder over real captures.
import test from 'ava';
import { spawnSync } from 'node:child_process';

const run = (args: string[]) => spawnSync(process.execPath, ['dist/nanoprobe/cli.js', 'discover', 'lldp', ...args], { encoding: 'utf8', timeout: 30_000 });
const LIVE = 'test/fixtures/lldp-cdp/lldpd-live/lldpd-1.0.16-all-protocols.pcap';

test('every protocol lldpd sent is decoded, one line per frame', (t) => {
  const r = run(['--pcap', LIVE]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /lldp {2}chassis mac 02:00:5e:00:0a:01 {2}port interface-name vethA {2}ttl 20 {2}system sw-a\.lab\.example {2}mgmt 198\.18\.0\.1/);
  t.regex(r.stdout, /cdp v2 {2}device sw-a\.lab\.example .* checksum ok/);
  for (const p of ['fdp v1', 'edp v1', 'sonmp']) t.true(r.stdout.includes(p), p);
});

test('--json carries every decoded field per frame', (t) => {
  const records = JSON.parse(run(['--pcap', LIVE, '--json']).stdout) as { frame: number; protocol: string; decoded: { lldp?: { systemName?: string; chassisId?: { subtypeName: string } } } }[];
  t.deepEqual([...new Set(records.map((r) => r.protocol))].sort(), ['cdp', 'edp', 'fdp', 'lldp', 'sonmp']);
  const lldp = records.find((r) => r.protocol === 'lldp');
  t.is(lldp?.decoded.lldp?.systemName, 'sw-a.lab.example');
  t.is(lldp?.decoded.lldp?.chassisId?.subtypeName, 'mac');
});

test('a bad CDP checksum is reported, not trusted silently', (t) => {
  const r = run(['--pcap', 'test/fixtures/lldp-cdp/ladvd/good/cdp-41.good.small.pcap']);
  t.is(r.status, 0);
  t.regex(r.stdout, /cdp v\d .* checksum BAD {2}\(\d+ warnings?\)/);
});

test('an unreadable or foreign file is one error line and exit 2', (t) => {
  for (const file of ['/nonexistent.pcap', 'package.json']) {
    const r = run(['--pcap', file]);
    t.is(r.status, 2, file);
    t.is(r.stderr.trim().split('\n').length, 1);
    t.regex(r.stderr, /^error: /);
  }
});

test('neither or both of --pcap and --live, or a bad --duration: one error line and exit 2', (t) => {
  for (const args of [[], ['--pcap', LIVE, '--live', 'eth0'], ['--live', 'eth0', '--duration', 'soon']]) {
    const r = run(args);
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr.trim(), /^error: [^\n]+$/);
  }
});

test('discover inventory --json: this host, as the collector reports it', (t) => {
  const r = spawnSync(process.execPath, ['dist/nanoprobe/cli.js', 'discover', 'inventory', '--json'], { encoding: 'utf8', timeout: 30_000 });
  t.is(r.status, 0, r.stderr);
  const c = JSON.parse(r.stdout) as { inventory: { kernel?: { release: string }; cpu?: { logicalCpus: number }; memory?: { totalBytes?: number }; nics: { name: string }[] } };
  t.true((c.inventory.cpu?.logicalCpus ?? 0) >= 1);
  t.true((c.inventory.memory?.totalBytes ?? 0) > 0);
  t.true(c.inventory.nics.some((n) => n.name === 'lo'));
  t.is(c.inventory.kernel?.release, spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim());
});
