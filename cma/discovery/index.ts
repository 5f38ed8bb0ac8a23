/** Public surface of cma/discovery: DISCOVERY payloads → typed graph facts (pure). */
export { canonicalIp, EPHEMERAL_PORT_MIN, isLinkLocal, isLoopback, isUnspecified } from './addresses.ts';
export {
  compositeKey,
  FACT_KINDS,
  type DiscoveryFacts,
  type EndpointFact,
  type FactKind,
  type IpFact,
  type NicFact,
  type PortFact,
  type ProcessFact,
  type SeesFact,
  type SwitchFact,
} from './facts.ts';
export { inventoryAddresses, isFactKind, switchOf, translateDiscovery, type HostContext } from './translate.ts';
