/**
 * @packageDocumentation
 * simulator/ — ringsim, the virtual-time simulator (DESIGN §10, docs/simulator.md): a seeded world of
 * datacentres, switches, hosts and services; the real NanoprobeCore per host and the real CmaCore, driven by
 * one (time, seq) event queue over a SimNetwork; scenarios as JSON with faults and expected outcomes; a report
 * with an event-log hash, figures, a JSON form and an SVG plot. Nothing imports the simulator.
 *
 * @example
 * ```ts
 * const scenario = loadScenario('smoke', { seed: 7 });
 * const report = await runScenario(scenario);
 * console.log(report.hash, report.detection.p99, report.passed);
 * ```
 */
export { SIM_ERROR_CODES, SimError, type SimErrorCode } from './errors.ts';
export { runScenario } from './run-scenario.ts';
export { MISSED_AFTER_MS } from './engine/ground-truth.ts';
export { Simulation, type SimComponents, type SimHooks, type SimOutcome, type SimProgress } from './engine/engine.ts';
export { SimQueue, type SimEvent } from './engine/sim-queue.ts';
export { SimHeap } from './engine/sim-heap.ts';
export { SimNetwork, CMA_HOST, DEFAULT_NETWORK_PARAMS, type NetworkParams } from './engine/sim-network.ts';
export { LightStore, MemoryStoreAdapter, createSimStore, type SimStore, type SimStoreKind } from './engine/sim-store.ts';
export { percentile } from './engine/metrics.ts';
export { simInvariantProblems } from './engine/invariants.ts';
export { CMA_DEAD, CMA_UP, HostTable } from './engine/host-table.ts';
export { parseScenario, type ScenarioOverrides } from './scenario/parse.ts';
export { builtinScenarioNames, builtinScenarioDir, loadScenario } from './scenario/catalogue.ts';
export { FAULT_KINDS, type Expectations, type Fault, type Scenario } from './scenario/types.ts';
export { buildReport, formatReport, reportJson, type SimReport } from './report/report.ts';
export { reportSvg } from './report/svg.ts';
export { liveIpOf, runLive, type LiveOptions, type LiveReport, type PhaseCpu } from './live/run-live.ts';
export { DEFAULT_WORLD_PARAMS, generateWorld, hostDc, type World, type WorldParams } from './world/world.ts';
export { dependencyPairs, type ServiceCatalogue, type ServiceDef } from './world/services.ts';
export { dependenciesFromProcfs, procfsOf, type SimSocket } from './world/procfs.ts';
export { chassisIdOf, hostAddressOf, hostIdOf, hostIndexOf, hostIpOf, hostMacOf, hostnameOf, lldpOf, publicKeyOf, switchSubnet } from './world/identity.ts';
