/**
 * Network faults of a live-mode shard (docs/simulator.md "Live scenarios"): datagram loss, racks cut off from
 * everything outside them (partition), racks whose switch died (nothing in or out, not even inside the rack).
 * Applied by the shard to what its virtual hosts send and receive; the CMA's own socket is never touched, so a
 * datagram between the CMA and a host is judged once, on the host's side.
 *
 * A virtual host's rack is in its address (run-live.ts `liveIpOf`: 127.(16 + sw>>8).(sw&255).x); any other
 * address — the CMA's — is outside every rack.
 */
import type { Rng } from '../../runtime/index.ts';

/** The fault state a coordinator sets on every shard (the whole state each time: no partial updates). */
export interface NetFaultState {
  /** Extra loss, 0–1, of every datagram a virtual host receives and of what it sends to the CMA. */
  readonly lossRate: number;
  /** Racks cut off: their hosts reach each other, nothing outside. */
  readonly cutRacks: readonly number[];
  /** Racks whose switch is dead: their hosts reach nothing, not even each other. */
  readonly deadRacks: readonly number[];
}

export const NO_NET_FAULTS: NetFaultState = Object.freeze({ lossRate: 0, cutRacks: Object.freeze([]), deadRacks: Object.freeze([]) });

/** The rack (switch index) of a live-mode address, -1 for any other address (the CMA). */
export function rackOfLiveIp(ip: string): number {
  if (!ip.startsWith('127.')) return -1;
  const dot2 = ip.indexOf('.', 4);
  const dot3 = ip.indexOf('.', dot2 + 1);
  if (dot2 < 0 || dot3 < 0) return -1;
  const a = Number(ip.slice(4, dot2));
  const b = Number(ip.slice(dot2 + 1, dot3));
  if (!(a >= 16 && a <= 255) || !(b >= 0 && b <= 255)) return -1;
  return ((a - 16) << 8) | b;
}

/** What one shard applies. Cheap when no fault is on (one boolean test per datagram). */
export class LiveNetFaults {
  readonly #rng: Rng;
  #state: NetFaultState = NO_NET_FAULTS;
  #cut = new Set<number>();
  #dead = new Set<number>();
  #any = false;
  dropped = 0;

  constructor(rng: Rng) {
    this.#rng = rng;
  }

  set(state: NetFaultState): void {
    this.#state = state;
    this.#cut = new Set(state.cutRacks);
    this.#dead = new Set(state.deadRacks);
    this.#any = state.lossRate > 0 || this.#cut.size > 0 || this.#dead.size > 0;
  }

  get state(): NetFaultState {
    return this.#state;
  }

  /** Whether a datagram from a host of rack `fromRack` to address `toIp` is lost on the way out. */
  dropSend(fromRack: number, toIp: string): boolean {
    if (!this.#any) return false;
    const toRack = rackOfLiveIp(toIp);
    // Host → host traffic is judged on receipt (loss counted once); host → CMA here, as the CMA is not ours.
    if (toRack >= 0) return this.#blocked(fromRack, toRack) && this.#count();
    return (this.#blocked(fromRack, -1) || this.#lost()) && this.#count();
  }

  /** Whether a datagram from address `fromIp` to a host of rack `toRack` is lost before that host reads it. */
  dropReceive(toRack: number, fromIp: string): boolean {
    if (!this.#any) return false;
    return (this.#blocked(rackOfLiveIp(fromIp), toRack) || this.#lost()) && this.#count();
  }

  #blocked(a: number, b: number): boolean {
    if (this.#dead.has(a) || this.#dead.has(b)) return true;
    return a !== b && (this.#cut.has(a) || this.#cut.has(b));
  }

  #lost(): boolean {
    return this.#state.lossRate > 0 && this.#rng.next() < this.#state.lossRate;
  }

  #count(): true {
    this.dropped++;
    return true;
  }
}
