import { isIP } from 'node:net';
import { CliError } from './cli-error.ts';
import type { Address } from './transport.ts';

/**
 * Parses `host:port`, `[v6]:port`, or a bare port (then `defaultHost`) into a literal-IP address; a name or a bad
 * port is a CLI_USAGE error naming the flag.
 */
export function parseAddress(text: string, flag: string, defaultHost = '0.0.0.0'): Address {
  let host = defaultHost;
  let portText = text;
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  if (v6 !== null) {
    host = v6[1] ?? '';
    portText = v6[2] ?? '';
  } else if (text.includes(':')) {
    const i = text.lastIndexOf(':');
    host = text.slice(0, i);
    portText = text.slice(i + 1);
  }
  const port = Number(portText);
  if (isIP(host) === 0) throw new CliError('CLI_USAGE', `${flag}: '${host}' is not an IP address (use host:port with a literal IPv4 or [IPv6])`);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65_535) throw new CliError('CLI_USAGE', `${flag}: '${portText}' is not a port (0-65535)`);
  return { host, port };
}
