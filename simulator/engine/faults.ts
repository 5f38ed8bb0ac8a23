/**
 * Applies a scenario's faults to a running Simulation. Victims (hosts, switches) are drawn from the run's fault
 * stream, so they depend only on (scenario, seed); each fault is logged into the event-log hash with its victims.
 */
import type { Fault } from '../scenario/types.ts';
import { PROC_RUNNING } from './host-table.ts';
import { DOWN_KILLED, DOWN_REBOOT } from './metrics.ts';
import type { Simulation } from './engine.ts';

/** Most attempts to find an eligible random victim before giving up on one. */
const MAX_DRAWS = 64;

/** Applies fault number `index` now. */
export function applyFault(sim: Simulation, fault: Fault, index: number): void {
  const now = sim.nowMs;
  const victims: number[] = [];
  switch (fault.kind) {
    case 'kill-host':
      for (const h of pickHosts(sim, fault.hosts)) {
        victims.push(h);
        sim.stopHost(h, false, DOWN_KILLED);
        if (fault.restartAfterMs !== undefined) sim.startAt(h, now + fault.restartAfterMs);
      }
      break;
    case 'kill-switch':
      for (const sw of pickSwitches(sim, fault.switches, false)) {
        victims.push(sw);
        setSwitch(sim, sw, true);
        if (fault.forMs !== undefined) {
          sim.at(now + fault.forMs, () => {
            setSwitch(sim, sw, false);
          });
        }
      }
      break;
    case 'partition': {
      const group = sim.newPartitionGroup();
      for (const sw of pickSwitches(sim, fault.switches, true)) {
        victims.push(sw);
        setGroup(sim, sw, group);
        sim.at(now + fault.forMs, () => {
          setGroup(sim, sw, 0);
        });
      }
      break;
    }
    case 'loss':
      sim.net.addLoss(fault.rate);
      sim.at(now + fault.forMs, () => {
        sim.net.addLoss(-fault.rate);
      });
      break;
    case 'stall':
      for (const h of pickHosts(sim, fault.hosts)) {
        victims.push(h);
        sim.stall(h, fault.forMs);
      }
      break;
    case 'cma-failover':
      sim.failCma(fault.downMs);
      break;
    case 'mass-reboot': {
      const t = sim.hosts;
      const [min, max] = fault.downMs;
      for (let h = 0; h < t.size; h++) {
        if (t.proc[h] !== PROC_RUNNING || sim.faultRng.next() >= fault.fraction) continue;
        victims.push(h);
        sim.stopHost(h, fault.clean, DOWN_REBOOT);
        sim.startAt(h, now + min + (max - min) * sim.faultRng.next());
      }
      break;
    }
    case 'join-storm': {
      const { hosts, reserveHosts } = sim.scenario.world;
      for (let h = hosts; h < hosts + reserveHosts; h++) sim.startAt(h, now + fault.overMs * sim.faultRng.next());
      victims.push(reserveHosts);
      break;
    }
  }
  sim.metrics.log(`${now.toFixed(3)} fault#${index} ${fault.kind} ${victims.length <= 64 ? victims.join(',') : `${victims.length} victims`}`);
}

/** `n` distinct random running, not yet faulted hosts among the initial ones. */
function pickHosts(sim: Simulation, n: number): number[] {
  const t = sim.hosts;
  const pool = sim.scenario.world.hosts;
  const out = new Set<number>();
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < MAX_DRAWS; d++) {
      const h = sim.faultRng.int(pool);
      if (t.proc[h] === PROC_RUNNING && !out.has(h) && Number.isNaN(t.downSince[h] ?? 0)) {
        out.add(h);
        break;
      }
    }
  }
  return [...out];
}

/** `n` switches among the initial racks: random distinct live ones, or (`row`) consecutive from a random start. */
function pickSwitches(sim: Simulation, n: number, row: boolean): number[] {
  const w = sim.world;
  const initial = w.hostSwitch[Math.max(0, sim.scenario.world.hosts - 1)] ?? 0;
  const count = Math.min(n, initial + 1);
  if (row) {
    const start = sim.faultRng.int(initial + 2 - count);
    return Array.from({ length: count }, (_, i) => start + i);
  }
  const out = new Set<number>();
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < MAX_DRAWS; d++) {
      const sw = sim.faultRng.int(initial + 1);
      if (!out.has(sw) && !sim.net.isSwitchDead(sw)) {
        out.add(sw);
        break;
      }
    }
  }
  return [...out];
}

function hostsOf(sim: Simulation, sw: number): number[] {
  const first = sim.world.switchFirstHost[sw] ?? 0;
  const size = sim.world.switchSize[sw] ?? 0;
  return Array.from({ length: size }, (_, i) => first + i);
}

function setSwitch(sim: Simulation, sw: number, dead: boolean): void {
  sim.net.setSwitchDead(sw, dead);
  for (const h of hostsOf(sim, sw)) sim.refresh(h);
  if (!dead) sim.metrics.log(`${sim.nowMs.toFixed(3)} switch-back ${sw}`);
}

function setGroup(sim: Simulation, sw: number, group: number): void {
  sim.net.setSwitchGroup(sw, group);
  for (const h of hostsOf(sim, sw)) sim.refresh(h);
  if (group === 0) sim.metrics.log(`${sim.nowMs.toFixed(3)} partition-healed ${sw}`);
}
