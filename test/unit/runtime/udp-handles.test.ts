// After stop(), a UdpTransport leaves no socket handle behind (STYLE practice 18). Its own file: ava runs each
// file in its own process, so no other test's sockets are counted.
import test from 'ava';
import { SystemClock, TimerScheduler, UdpTransport } from '../../../runtime/index.ts';

const udpHandles = (): number => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap' || r === 'UDPWRAP').length;
const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('after stop no socket or timer handle is left behind', async (t) => {
  const before = { udp: udpHandles(), timers: timeouts() };
  const u = new UdpTransport({ host: '127.0.0.1', port: 0 }, { clock: new SystemClock() });
  await u.start();
  const scheduler = new TimerScheduler();
  for (let i = 0; i < 5; i++) scheduler.at(scheduler.clock.now() + 60_000, () => undefined);
  t.is(udpHandles(), before.udp + 1);
  t.is(timeouts(), before.timers + 5);
  await u.stop();
  scheduler.stop();
  // libuv releases a closed socket's handle a loop turn or two after the close callback.
  for (let i = 0; i < 100 && udpHandles() !== before.udp; i++) await new Promise((r) => setTimeout(r, 10));
  t.is(udpHandles(), before.udp);
  t.is(timeouts(), before.timers);
  t.is(scheduler.pending, 0);
});
