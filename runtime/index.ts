/**
 * @packageDocumentation
 * runtime/ — the seams between pure cores and the world, each with a real and a fake implementation:
 * clocks (SystemClock, ManualClock), schedulers (TimerScheduler, ManualScheduler, WakeTimer), randomness
 * (SeededRng), transports (UdpTransport, MemoryNetwork), loggers (pino, no-op), key files and CLI support.
 * Depends on node:* (and pino) only.
 */
export * from './clock.ts';
export * from './manual-clock.ts';
export * from './rng.ts';
export * from './scheduler.ts';
export * from './manual-scheduler.ts';
export * from './timer-scheduler.ts';
export * from './wake-timer.ts';
export * from './event-heap.ts';
export * from './transport.ts';
export * from './udp-transport.ts';
export * from './memory-network.ts';
export * from './memory-transport.ts';
export * from './logger.ts';
export * from './pino-logger.ts';
export * from './rate-limited-log.ts';
export * from './keystore.ts';
export * from './errors.ts';
export * from './cli-error.ts';
export * from './cli-support.ts';
export * from './address.ts';
export * from './graceful.ts';
export * from './json-endpoint.ts';
export * from './plan-option.ts';
