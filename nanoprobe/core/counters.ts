/**
 * Monotonic counters of the core (STYLE practice 16: injected-metrics style, no Prometheus in the core).
 * `status()` hands out a copy.
 */
export interface NanoprobeCounters {
  heartbeatsSent: number;
  /** Heartbeats from known peers. */
  heartbeatsReceived: number;
  /** Heartbeats from strangers (reported or suppressed). */
  martianHeartbeats: number;
  /** HBMARTIAN reports sent (the rest were rate-limited or forgiven). */
  martianReports: number;
  /** Held martian reports dropped because the stranger's SENDEXPECTHB arrived within the grace (a forming edge). */
  martiansForgiven: number;
  reportsLate: number;
  reportsDead: number;
  reportsBackAlive: number;
  pingsAnswered: number;
  probesStarted: number;
  probesAlive: number;
  probesTimedOut: number;
  /** PONGs matching no outstanding probe (late, duplicate or forged). */
  pongsUnmatched: number;
  /** STARTUPs emitted, plain or over the channel. */
  startupsSent: number;
  /** Times the core found it had not been run for longer than the stall threshold. */
  stalls: number;
  /** SETCONFIGs that carried a new CMA session after one was known (CMA failover or restart). */
  resyncs: number;
  /** `cma-session-changed` inputs. */
  cmaSessionChanges: number;
  /** CMA commands refused (bad timing, limits reached, wrong host id, self as peer). */
  commandsRefused: number;
  /** Inputs ignored (after shutdown, own heartbeats looped back, unknown STOPs). */
  inputsIgnored: number;
  /** Calls whose `nowMs` was earlier than the previous call's (clamped). */
  clockRegressions: number;
}

/** All counters at zero. */
export function zeroCounters(): NanoprobeCounters {
  return {
    heartbeatsSent: 0,
    heartbeatsReceived: 0,
    martianHeartbeats: 0,
    martianReports: 0,
    martiansForgiven: 0,
    reportsLate: 0,
    reportsDead: 0,
    reportsBackAlive: 0,
    pingsAnswered: 0,
    probesStarted: 0,
    probesAlive: 0,
    probesTimedOut: 0,
    pongsUnmatched: 0,
    startupsSent: 0,
    stalls: 0,
    resyncs: 0,
    cmaSessionChanges: 0,
    commandsRefused: 0,
    inputsIgnored: 0,
    clockRegressions: 0,
  };
}
