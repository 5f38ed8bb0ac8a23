// Live mode with a scenario's faults (simulator/scenarios/live-faults.json) against a real `cma run` process:
// `ringsim live --scenario` kills two hosts, SIGSTOPs two for 6 s, puts 10 % loss on every datagram for 30 s and
// cuts one rack off for 20 s, classifies every host-dead the CMA records against that ground truth, and exits 0
// only when the scenario's expectations hold.
import test from 'ava';
import { spawn } from 'node:child_process';
import { startCmaProcess } from '../helpers/cma-process.ts';
import type { LiveReport } from '../../simulator/live/run-live.ts';

function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/simulator/cli.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

test('ringsim live --scenario live-faults: kills, a rack cut off and stalls are told apart from loss; no false death', async (t) => {
  t.timeout(300_000);
  const cma = await startCmaProcess(['--store', 'memory']);
  t.teardown(() => cma.stop());
  const r = await run(['live', '--scenario', 'live-faults', '--cma', `${cma.udp.host}:${cma.udp.port}`, '--api', `${cma.api.host}:${cma.api.port}`, '--healthy', '10s', '--json']);
  t.log(r.stderr.split('\n').slice(-4).join('\n'));
  t.is(r.code, 0, r.stdout.slice(-2_000));
  const report = JSON.parse(r.stdout) as LiveReport & { expectations: { name: string; ok: boolean }[] };
  const f = report.faults;
  if (f === undefined) return t.fail('no fault phase in the report');
  t.true(report.expectations.length >= 6 && report.expectations.every((e) => e.ok), JSON.stringify(report.expectations));
  t.true(f.downEpisodes >= 2 + 1, 'two killed hosts and at least one host of the cut rack');
  t.is(report.kills.latenciesMs.length, f.downEpisodes, 'every killed or cut-off host declared dead once');
  t.true(report.kills.latenciesMs.every((ms) => ms <= 5_000), report.kills.latenciesMs.join(', '));
  t.is(f.missed, 0);
  t.is(f.falseDeaths, 0, f.falseDeathExamples.join(', '));
  // A 6 s SIGSTOP outlasts lan's 3 s: the stopped hosts are declared dead, and told apart from false deaths.
  t.is(f.stalledDeaths, 2);
  t.is(f.ringUnreachable, 1);
  t.is(f.notUpAtEnd, 0);
  t.true(f.faultDropped > 0, 'the loss and the partition dropped datagrams');
  t.false(report.simOverload.overloaded);
  return undefined;
});

test('ringsim live --scenario refuses a fault live mode cannot run, in one line', async (t) => {
  const r = await run(['live', '--scenario', 'cma-failover', '--cma', '127.0.0.1:9', '--api', '127.0.0.1:9']);
  t.is(r.code, 2);
  t.regex(r.stderr, /^error: live mode cannot run a cma-failover fault/m);
});
