/**
 * Socket state codes in the `st` column of /proc/net/{tcp,tcp6,udp,udp6} (include/net/tcp_states.h). The kernel
 * prints `sk_state` with `%02X`; UDP sockets reuse two of the TCP values.
 */

/** TCP state names by code. Append-only, like the kernel's enum. */
export const TCP_STATE_NAMES = {
  0x01: 'ESTABLISHED',
  0x02: 'SYN_SENT',
  /** Also how a pending request socket (half-open, listener's queue) is printed, with a 12-field row. */
  0x03: 'SYN_RECV',
  0x04: 'FIN_WAIT1',
  0x05: 'FIN_WAIT2',
  /** TIME_WAIT rows stop after the pointer column (12 fields) and have inode 0: no process owns them. */
  0x06: 'TIME_WAIT',
  /** A TCP socket that is bound or closed but neither listening nor connected. */
  0x07: 'CLOSE',
  0x08: 'CLOSE_WAIT',
  0x09: 'LAST_ACK',
  0x0a: 'LISTEN',
  0x0b: 'CLOSING',
  /** Request sockets (Linux ≥ 4.4); /proc shows them as SYN_RECV, inet_diag as NEW_SYN_RECV. */
  0x0c: 'NEW_SYN_RECV',
  /** Pseudo-state for inet_diag (Linux ≥ 6.8); not expected in /proc but named if it appears. */
  0x0d: 'BOUND_INACTIVE',
} as const;

/** A TCP state name. */
export type TcpStateName = (typeof TCP_STATE_NAMES)[keyof typeof TCP_STATE_NAMES];

/**
 * UDP states: `07` (TCP_CLOSE) is an unconnected socket, which is what a UDP server ("listener") looks like;
 * `01` (TCP_ESTABLISHED) is a socket that called connect(). `ss` prints them as UNCONN and ESTAB.
 */
export const UDP_STATE_NAMES = {
  0x01: 'CONNECTED',
  0x07: 'UNCONNECTED',
} as const;

/** A UDP state name. */
export type UdpStateName = (typeof UDP_STATE_NAMES)[keyof typeof UDP_STATE_NAMES];

/** A socket state: a TCP name, a UDP name, or UNKNOWN for a code this table does not have (the row is kept). */
export type SocketState = TcpStateName | UdpStateName | 'UNKNOWN';

/** The state name for `code` in a tcp or udp table, or UNKNOWN. */
export function socketStateName(protocol: 'tcp' | 'udp', code: number): SocketState {
  const table: Readonly<Record<number, SocketState>> = protocol === 'tcp' ? TCP_STATE_NAMES : UDP_STATE_NAMES;
  return table[code] ?? 'UNKNOWN';
}
