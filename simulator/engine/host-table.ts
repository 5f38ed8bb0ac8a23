/**
 * Per-host state of the simulated fleet, as parallel typed arrays (≈ 80 bytes per host besides the nanoprobe
 * core itself): process state, scheduling of the core's one timer, the two directions of its reliable channel
 * to the CMA, and the ground truth of its responsiveness.
 */

/** Process states. */
export const PROC_OFF = 0;
export const PROC_RUNNING = 1;

/** CMA statuses as the store last recorded them. */
export const CMA_UNKNOWN = 0;
export const CMA_UP = 1;
export const CMA_DEAD = 2;
export const CMA_SHUTDOWN = 3;

export class HostTable {
  readonly size: number;
  /** PROC_OFF / PROC_RUNNING. */
  readonly proc: Uint8Array;
  /** Why an OFF host is off (DOWN_KILLED, DOWN_REBOOT, or 0 before its first start). */
  readonly offCause: Uint8Array;
  /** Process incarnation (bumped at every start; 15 bits travel with channel messages). */
  readonly incarnation: Uint16Array;
  /** SIGSTOPped until this virtual time (0 = never). */
  readonly stallUntil: Float64Array;
  /** Time of the timer event the engine has queued for the core (Infinity = none). */
  readonly pendingWake: Float64Array;
  /** The core's last wakeAtMs (Infinity = none). */
  readonly desiredWake: Float64Array;
  /** Host → CMA channel: time of the last queued message (FIFO) and retransmission hold. */
  readonly upLast: Float64Array;
  readonly upBlocked: Float64Array;
  /** CMA → host channel, the same. */
  readonly downLast: Float64Array;
  readonly downBlocked: Float64Array;
  /** Channel sequence numbers of the host's reports. */
  readonly upSeq: Uint32Array;
  /** CMA session the host's channel last saw (-1 = none yet). */
  readonly knownCmaSession: Float64Array;
  /** 1 once the host's LLDP placement was sent. */
  readonly placed: Uint8Array;
  /** Ground truth: unresponsive since (NaN = responsive), why, whether the CMA declared it dead since. */
  readonly downSince: Float64Array;
  readonly downCause: Uint8Array;
  readonly detected: Uint8Array;
  /** Ground truth: responsive since. */
  readonly upSince: Float64Array;
  /** What the CMA's store says (CMA_*). */
  readonly cmaStatus: Uint8Array;

  constructor(size: number) {
    this.size = size;
    this.proc = new Uint8Array(size);
    this.offCause = new Uint8Array(size);
    this.incarnation = new Uint16Array(size);
    this.stallUntil = new Float64Array(size);
    this.pendingWake = new Float64Array(size).fill(Infinity);
    this.desiredWake = new Float64Array(size).fill(Infinity);
    this.upLast = new Float64Array(size);
    this.upBlocked = new Float64Array(size);
    this.downLast = new Float64Array(size);
    this.downBlocked = new Float64Array(size);
    this.upSeq = new Uint32Array(size);
    this.knownCmaSession = new Float64Array(size).fill(-1);
    this.placed = new Uint8Array(size);
    this.downSince = new Float64Array(size).fill(Number.NaN);
    this.downCause = new Uint8Array(size);
    this.detected = new Uint8Array(size);
    this.upSince = new Float64Array(size);
    this.cmaStatus = new Uint8Array(size);
  }

  /** Bytes held by the typed arrays. */
  get bytes(): number {
    return this.size * (1 + 1 + 2 + 8 * 7 + 4 + 8 + 1 + 8 + 1 + 1 + 8 + 1);
  }
}
