// Live mode end to end: 500 virtual hosts (the real NanoprobeCore and protocol Link, one real UDP socket each on
// 127.x.y.z) against a real `cma run` process. The CMA uses its memory store here (a Neo4j start would take most
// of the time budget on a loaded machine); bench/sim-live.ts runs it against a real Neo4j.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { runLive } from '../../simulator/live/run-live.ts';
import { startCmaProcess } from '../helpers/cma-process.ts';

test('500 virtual hosts join a real CMA, stay quiet when healthy, and each kill -9 is declared dead within 5 s, no false death', async (t) => {
  t.timeout(120_000);
  const cma = await startCmaProcess(['--store', 'memory']);
  t.teardown(() => cma.stop());
  const lines: string[] = [];
  const report = await runLive({
    hosts: 500,
    cma: cma.udp,
    api: cma.api,
    seed: 7,
    startOverMs: 5_000,
    joinTimeoutMs: 40_000,
    settleMs: 3_000,
    healthyMs: 10_000,
    kills: 5,
    deadWaitMs: 15_000,
    watchAfterMs: 7_000,
    pids: { cma: cma.pid },
    onProgress: (line) => lines.push(line),
  });
  t.log(JSON.stringify({ ...report, kills: { ...report.kills, victimIds: undefined } }));
  t.true(lines.length > 0, 'progress lines');
  t.not(report.allUpMs, undefined, 'every host up at the CMA');
  t.not(report.allInRingsMs, undefined, 'every host in a ring');
  // Healthy fleet: the CMA hears nothing (DESIGN §11: ≤ 1 message/s per 1,000 hosts).
  t.true(report.healthy.cmaMsgsPerSecPer1000 <= 1, `healthy: ${report.healthy.cmaMessages} messages at the CMA`);
  t.true(report.healthy.simDatagramsPerSecPerHost > 1, 'the hosts heartbeat over real UDP');
  t.is(report.kills.victims, 5);
  t.is(report.kills.detected, 5, 'every victim declared dead');
  t.true(report.kills.latenciesMs.every((ms) => ms <= 5_000), `kill→dead ${report.kills.latenciesMs.join(', ')} ms`);
  t.is(report.falseDeaths, 0);
  t.is(report.falseDeathsAfterSettle, 0);
  t.is(report.cmaStoreFailures, 0);
  t.false(report.simOverload.overloaded, `the simulator kept up: ${JSON.stringify(report.simOverload)}`);
  // The CMA's own view agrees (cma hosts --json): the victims are dead, everyone else is up.
  const r = spawnSync(process.execPath, ['dist/cma/cli.js', 'hosts', '--json', '--api', `${cma.api.host}:${cma.api.port}`], { encoding: 'utf8', timeout: 30_000 });
  t.is(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { hostId: string; status: string }[];
  t.is(rows.length, 500);
  const victims = new Set(report.kills.victimIds);
  t.deepEqual(rows.filter((h) => h.status === 'dead').map((h) => h.hostId).sort(), [...victims].sort());
  t.is(rows.filter((h) => h.status === 'up').length, 495);
});
