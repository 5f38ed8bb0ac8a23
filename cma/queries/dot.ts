/**
 * `cma query --graph dot|svg`: the subgraph of a query result (its nodes, relationships and paths) as Graphviz DOT
 * text. Pure: rendering SVG runs the `dot` program, which the command does.
 *
 * Each node is a box labelled with its name in the graph model (a host's hostname, a process's `name[pid]`, a
 * service's name, an IP, a switch port's id, …) over its label, filled by label; each relationship an arrow
 * labelled with its type (a stale DEPENDS_ON dashed). Nodes and edges come out in the order of the result.
 */
import type { GraphNode, JsonValue, ResultGraph } from '../store/index.ts';

/** Fill colour per label (Graphviz X11 colour names); other labels are white. */
const FILL: Readonly<Record<string, string>> = {
  Host: 'lightblue',
  Process: 'lightyellow',
  Service: 'palegreen',
  Switch: 'orange',
  SwitchPort: 'navajowhite',
  NIC: 'lightgrey',
  IPAddress: 'lavender',
  Endpoint: 'mistyrose',
  Monitor: 'thistle',
  Ring: 'lightcyan',
  Event: 'white',
  Subnet: 'lavender',
};

const text = (v: JsonValue | undefined): string | undefined => (v === null || v === undefined ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The name of a node as the queries show it: hostname, `name[pid]`, service name, `ip:port`, … */
export function nodeName(node: GraphNode, hostnames: ReadonlyMap<string, string> = new Map()): string {
  const p = node.properties;
  const label = node.labels[0] ?? '';
  const name =
    label === 'Host'
      ? (text(p.hostname) ?? text(p.hostId))
      : label === 'Process'
        ? `${hostnames.get(text(p.hostId) ?? '') ?? (text(p.hostId) ?? '?').slice(0, 8)}/${text(p.name) ?? '?'}[${text(p.pid) ?? '?'}]`
        : label === 'Service'
          ? (text(p.name) ?? text(p.key))
          : label === 'Switch'
            ? (text(p.name) ?? text(p.chassisId))
            : label === 'SwitchPort'
              ? text(p.portId)
              : label === 'NIC'
                ? [text(p.name), text(p.mac)].filter((x) => x !== undefined).join(' ')
                : label === 'IPAddress'
                  ? text(p.ip)
                  : label === 'Endpoint'
                    ? `${text(p.ip) ?? '?'}:${text(p.port) ?? '?'}/${text(p.proto) ?? '?'}`
                    : label === 'Subnet'
                      ? text(p.cidr)
                      : label === 'Ring'
                        ? text(p.ringId)
                        : (text(p.id) ?? text(p.name));
  return name === undefined || name === '' ? node.id : name;
}

/** A DOT double-quoted string: backslashes, quotes and line breaks escaped. */
export function dotString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** The DOT text of a result subgraph; `title` (e.g. the query and its parameters) becomes the graph's label. */
export function toDot(graph: ResultGraph, title?: string): string {
  const ids = new Map<string, string>();
  const lines = ['digraph ringwatch {', '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  if (title !== undefined) lines.push(`  labelloc=t; label=${dotString(title)};`);
  // A process is named after its host (hostname when the host is in the graph, else the start of its host id).
  const hostnames = new Map<string, string>();
  for (const node of graph.nodes) {
    const { hostId, hostname } = node.properties;
    if (node.labels.includes('Host') && typeof hostId === 'string' && typeof hostname === 'string') hostnames.set(hostId, hostname);
  }
  for (const node of graph.nodes) {
    const id = `n${ids.size}`;
    ids.set(node.id, id);
    const label = node.labels.join(':');
    lines.push(`  ${id} [label=${dotString(`${nodeName(node, hostnames)}\n${label}`)}, fillcolor=${dotString(FILL[node.labels[0] ?? ''] ?? 'white')}];`);
  }
  for (const rel of graph.relationships) {
    const from = ids.get(rel.start);
    const to = ids.get(rel.end);
    if (from === undefined || to === undefined) continue;
    const style = rel.properties.stale === true ? ', style=dashed' : '';
    lines.push(`  ${from} -> ${to} [label=${dotString(rel.type)}${style}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
