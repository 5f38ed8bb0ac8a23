// MemoryNetwork passes the same transport contract as real UDP (in virtual time).
import { ManualScheduler, MemoryNetwork, SeededRng } from '../../../runtime/index.ts';
import { transportCompliance, type ComplianceRig } from './transport-compliance.ts';

transportCompliance('MemoryNetwork', {
  async setup(): Promise<ComplianceRig> {
    const scheduler = new ManualScheduler();
    const network = new MemoryNetwork({ scheduler, rng: new SeededRng(7), latencyMs: { min: 1, max: 5 } });
    const a = network.createTransport('198.18.0.1');
    const b = network.createTransport('198.18.0.2');
    await a.start();
    await b.start();
    return {
      a,
      b,
      nowhere: { host: '198.18.0.3', port: 9 },
      flush: () => {
        scheduler.runFor(1_000);
        return Promise.resolve();
      },
    };
  },
  async teardown(rig) {
    await rig.a.stop();
    await rig.b.stop();
  },
});
