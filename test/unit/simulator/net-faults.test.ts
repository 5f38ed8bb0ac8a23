import test from 'ava';
import { SeededRng } from '../../../runtime/index.ts';
import { liveIpOf } from '../../../simulator/live/run-live.ts';
import { LiveNetFaults, rackOfLiveIp } from '../../../simulator/live/net-faults.ts';

test('a live address gives back its rack; the CMA and other addresses are in none', (t) => {
  for (const sw of [0, 1, 255, 256, 4_000, 61_183]) t.is(rackOfLiveIp(liveIpOf(sw, 7)), sw);
  t.is(rackOfLiveIp('127.0.0.1'), -1);
  t.is(rackOfLiveIp('198.18.0.1'), -1);
  t.is(rackOfLiveIp('127.16'), -1);
});

test('no fault: nothing is dropped', (t) => {
  const f = new LiveNetFaults(new SeededRng(1));
  t.false(f.dropSend(3, liveIpOf(4, 0)));
  t.false(f.dropReceive(3, '127.0.0.1'));
  t.is(f.dropped, 0);
});

test('a cut rack talks inside itself only; a dead switch not even that', (t) => {
  const f = new LiveNetFaults(new SeededRng(1));
  f.set({ lossRate: 0, cutRacks: [5], deadRacks: [9] });
  t.false(f.dropReceive(5, liveIpOf(5, 1)), 'inside the cut rack');
  t.true(f.dropReceive(5, liveIpOf(6, 1)), 'into the cut rack');
  t.true(f.dropReceive(6, liveIpOf(5, 1)), 'out of the cut rack');
  t.true(f.dropSend(5, '127.0.0.1'), 'cut rack → CMA');
  t.true(f.dropReceive(5, '127.0.0.1'), 'CMA → cut rack');
  t.false(f.dropSend(6, '127.0.0.1'), 'another rack → CMA');
  t.true(f.dropReceive(9, liveIpOf(9, 2)), 'inside a rack whose switch died');
  t.true(f.dropSend(9, '127.0.0.1'));
  // Host → host across the cut: stopped on send already (and counted there, once).
  const before = f.dropped;
  t.true(f.dropSend(6, liveIpOf(5, 1)));
  t.is(f.dropped, before + 1);
  f.set({ lossRate: 0, cutRacks: [], deadRacks: [] });
  t.false(f.dropReceive(5, liveIpOf(6, 1)), 'healed');
});

test('loss drops about its rate of what hosts receive and send to the CMA, and never host → host on send', (t) => {
  const f = new LiveNetFaults(new SeededRng(42));
  f.set({ lossRate: 0.1, cutRacks: [], deadRacks: [] });
  let received = 0;
  let toCma = 0;
  for (let i = 0; i < 20_000; i++) {
    if (f.dropReceive(1, liveIpOf(2, 0))) received++;
    if (f.dropSend(1, '127.0.0.1')) toCma++;
    t.false(f.dropSend(1, liveIpOf(2, 0)));
  }
  t.true(Math.abs(received / 20_000 - 0.1) < 0.01, String(received));
  t.true(Math.abs(toCma / 20_000 - 0.1) < 0.01, String(toCma));
  t.is(f.dropped, received + toCma);
});
