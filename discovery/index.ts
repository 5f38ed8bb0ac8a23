/**
 * @packageDocumentation
 * Discovery: what a nanoprobe learns passively about its host and its neighbours (DESIGN §6). The parsers here
 * are pure: they take the text or bytes a collector read and return `{ value, warnings }`, throwing only a
 * {@link DiscoveryError} when the input is not the thing it claims to be. docs/discovery.md has the detail.
 *
 * @example
 * ```ts
 * const tcp = parseProcNetTcp(tcpText).value;
 * const tcp6 = parseProcNetTcp6(tcp6Text).value;
 * const server = processFromProc({ pid: 4242, fdLinks, cmdline, status, stat, exe }).value;
 * for (const { socket, owners } of joinSocketsToProcesses([...tcp, ...tcp6], [server])) {
 *   console.log(socket.state, socket.local.address, socket.local.port, owners[0]?.exe);
 * }
 * const clients = clientConnections([...tcp, ...tcp6]);
 * ```
 */
export { DISC_ERROR_CODES, DiscoveryError, type DiscoveryErrorCode } from './errors.ts';
export { MAX_EXCERPT_CHARS, MAX_WARNINGS, toText, type ParseResult, type ParseWarning, type TextInput } from './parsers/parse-result.ts';
export {
  decodeHexEndpoint,
  decodeHexIpv4,
  decodeHexIpv6Bytes,
  formatIpv6,
  isV4Mapped,
  isWildcardAddress,
  type HostByteOrder,
  type SocketEndpoint,
} from './parsers/hex-address.ts';
export { socketStateName, TCP_STATE_NAMES, UDP_STATE_NAMES, type SocketState, type TcpStateName, type UdpStateName } from './parsers/socket-states.ts';
export {
  parseProcNet,
  parseProcNetTcp,
  parseProcNetTcp6,
  parseProcNetUdp,
  parseProcNetUdp6,
  ProcNetLineParser,
  type ProcNetOptions,
  type ProcNetSocket,
  type ProcNetTable,
  type SocketTimer,
  type TcpExtras,
} from './parsers/proc-net.ts';
export { encodeHexEndpoint, formatProcNet, formatProcNetRow, ipv6Bytes, procNetHeader } from './parsers/proc-net-format.ts';
export { clientConnections, isConnection, isListener, listeners, servedBy, serverConnections, type SocketShape } from './parsers/socket-roles.ts';
export { parseCmdline, parseExeLink, parseFdLinks, socketInodeOfLink, type ExeLink, type FdSocket } from './parsers/proc-pid-links.ts';
export { parseBootTimeSec, parseProcStat, parseProcStatus, processStartMs, type IdSet, type ProcStat, type ProcStatus } from './parsers/proc-pid-stat.ts';
export { parsePasswd } from './parsers/passwd.ts';
export {
  joinSocketsToProcesses,
  processFromProc,
  type JoinedSocket,
  type JoinOptions,
  type ProcessRecord,
  type RawProcFiles,
  type SocketOwner,
} from './parsers/socket-owners.ts';
export { ARP_FLAGS, parseProcNetArp, type ArpEntry } from './parsers/arp.ts';
export { NUD_STATES, parseIpNeighJson, type NeighbourEntry, type NeighbourStats } from './parsers/ip-neigh.ts';
// Discovery frames (pcap/pcapng reader; LLDP, CDP, FDP, EDP, SONMP): docs/discovery-frames.md.
export {
  CaptureReader,
  readCapture,
  LINK_TYPES,
  decodeCdp,
  decodeDiscoveryFrame,
  decodeEdp,
  decodeFdp,
  decodeLldp,
  decodeSonmp,
  parseLinkFrame,
  neighbourOf,
  SONMP_HOLD_SEC,
  FRAME_DECODE_ERROR_CODES,
  FrameDecodeError,
  MAX_WARNINGS as MAX_FRAME_WARNINGS,
  type Capture,
  type CapturedFrame,
  type CaptureFormat,
  type DiscoveryFrame,
  type FrameResult,
  type LinkFrame,
  type Neighbour,
  type NeighbourId,
} from './parsers/frames.ts';
// Host inventory: docs/discovery.md "Host inventory".
export { parseOsRelease, parseProcVersion, parseUname, type KernelInfo, type OsRelease } from './parsers/inventory-os.ts';
export { parseCpuinfo, parseMeminfo, type CpuInfo, type MemInfo } from './parsers/inventory-hw.ts';
export {
  MAX_ADDRESSES_PER_INTERFACE,
  parseIpAddrJson,
  parseSysNetInterface,
  type InterfaceAddress,
  type IpAddrInterface,
  type RawSysNetInterface,
  type SysNetInterface,
} from './parsers/inventory-net.ts';
export { DPKG_QUERY_FORMAT, MAX_PACKAGES, parseDpkgQuery, type InstalledPackage } from './parsers/inventory-packages.ts';
export { buildInventory, type HostInventory, type InventoryNic, type RawInventory } from './parsers/inventory.ts';
// What each kind sends the CMA, and its content hash: docs/discovery.md "Schedule, kinds and hashes".
export { arpPayload, compareKeyParts, NetstatBuilder, netstatPayload, payloadProcess, type NetstatPayload, type PayloadArpEntry, type PayloadConnection, type PayloadListener, type PayloadProcess } from './parsers/payloads.ts';
export { canonical, canonicalData, canonicalJson, contentHash, writeCanonicalJson } from './content-hash.ts';
export { factsPayload, type FactsPayload, type FactsSource } from './parsers/facts.ts';
