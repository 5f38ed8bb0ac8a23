/** `nanoprobe run --discovery`: the parser lives in runtime/plan-option.ts (shared with `cma run --discovery`). */
export { defaultTimeoutMs, parseDiscoveryPlan, parseDurationMs } from '../../runtime/index.ts';
