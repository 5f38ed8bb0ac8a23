/**
 * A hand-written SVG of a run (people would rather look than read): left, the detection-latency CDF; right, the
 * CMA's application messages per virtual second over the run (log scale), with the healthy window shaded.
 */
import type { SimReport } from './report.ts';

const W = 460;
const H = 300;
const PAD = { left: 56, right: 16, top: 34, bottom: 40 };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function panel(x0: number, title: string, body: string, xLabel: string, yLabel: string): string {
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  return [
    `<g transform="translate(${x0},0)">`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${iw}" height="${ih}" fill="none" stroke="#999"/>`,
    body,
    `<text x="${PAD.left + iw / 2}" y="${H - 6}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(14,${PAD.top + ih / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
    '</g>',
  ].join('\n');
}

function ticks(max: number, n: number): number[] {
  if (!(max > 0)) return [0];
  const raw = max / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(v);
  return out;
}

function cdfPanel(r: SimReport): string {
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const v = r.detectionLatenciesMs;
  if (v.length === 0) return panel(0, 'detection latency CDF', `<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no deaths detected</text>`, 'ms after the failure', 'fraction');
  const maxX = Math.max(...v) * 1.05;
  const x = (ms: number): number => PAD.left + (ms / maxX) * iw;
  const y = (f: number): number => PAD.top + ih - f * ih;
  let d = `M${x(0).toFixed(1)},${y(0).toFixed(1)}`;
  v.forEach((ms, i) => {
    d += ` L${x(ms).toFixed(1)},${y(i / v.length).toFixed(1)} L${x(ms).toFixed(1)},${y((i + 1) / v.length).toFixed(1)}`;
  });
  const grid = [
    ...ticks(maxX, 5).map((t) => `<text x="${x(t).toFixed(1)}" y="${PAD.top + ih + 14}" text-anchor="middle" font-size="10">${t}</text>`),
    ...[0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${PAD.left - 6}" y="${(y(f) + 3).toFixed(1)}" text-anchor="end" font-size="10">${f}</text><line x1="${PAD.left}" x2="${PAD.left + iw}" y1="${y(f).toFixed(1)}" y2="${y(f).toFixed(1)}" stroke="#eee"/>`),
    `<line x1="${x(r.detection.p99).toFixed(1)}" x2="${x(r.detection.p99).toFixed(1)}" y1="${PAD.top}" y2="${PAD.top + ih}" stroke="#c33" stroke-dasharray="4 3"/>`,
    `<text x="${(x(r.detection.p99) - 4).toFixed(1)}" y="${PAD.top + 14}" text-anchor="end" font-size="10" fill="#c33">p99 ${r.detection.p99} ms</text>`,
  ];
  return panel(0, `detection latency CDF (${v.length} deaths)`, `${grid.join('\n')}\n<path d="${d}" fill="none" stroke="#1f5fbf" stroke-width="2"/>`, 'ms after the failure', 'fraction of deaths');
}

function trafficPanel(r: SimReport): string {
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const s = r.cmaMsgsPerSecond;
  const seconds = Math.max(1, r.durationMs / 1000);
  const maxY = Math.max(1, ...s);
  const logMax = Math.log10(maxY + 1);
  const x = (sec: number): number => PAD.left + (sec / seconds) * iw;
  const y = (n: number): number => PAD.top + ih - (Math.log10(n + 1) / logMax) * ih;
  const points = s.map((n, i) => `${x(i + 0.5).toFixed(1)},${y(n).toFixed(1)}`).join(' ');
  const [from, to] = r.cma.healthyWindowMs;
  const decades: string[] = [];
  for (let k = 0; 10 ** k <= maxY; k++) {
    decades.push(`<text x="${PAD.left - 6}" y="${(y(10 ** k) + 3).toFixed(1)}" text-anchor="end" font-size="10">${10 ** k}</text><line x1="${PAD.left}" x2="${PAD.left + iw}" y1="${y(10 ** k).toFixed(1)}" y2="${y(10 ** k).toFixed(1)}" stroke="#eee"/>`);
  }
  const body = [
    `<rect x="${x(from / 1000).toFixed(1)}" y="${PAD.top}" width="${Math.max(0, x(to / 1000) - x(from / 1000)).toFixed(1)}" height="${ih}" fill="#e8f4e8"/>`,
    ...decades,
    ...ticks(seconds, 5).map((t) => `<text x="${x(t).toFixed(1)}" y="${PAD.top + ih + 14}" text-anchor="middle" font-size="10">${t}</text>`),
    `<polyline points="${points}" fill="none" stroke="#d07a00" stroke-width="1.5"/>`,
    `<text x="${PAD.left + 6}" y="${PAD.top + 14}" font-size="10">healthy: ${r.cma.msgsPerSecPer1000Healthy} msgs/s per 1,000 hosts</text>`,
  ];
  return panel(W, 'CMA messages per second (log)', body.join('\n'), 'virtual time, s', 'messages / s');
}

/** The plot of one run as an SVG document. */
export function reportSvg(r: SimReport): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 20}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    cdfPanel(r),
    trafficPanel(r),
    `<text x="8" y="${H + 14}" font-size="10" fill="#666">${esc(`ringsim ${r.scenario} seed ${r.seed}, ${r.hosts} hosts, hash ${r.hash.slice(0, 16)}…`)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
