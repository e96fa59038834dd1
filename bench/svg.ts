// A small SVG line-chart writer for bench figures (no dependency): panels side by side, linear x,
// linear or log₁₀ y, a legend per panel. Used by bench/newton.bench.ts (docs/img/newton-passes.svg) and
// bench/slimtrain.bench.ts (docs/img/slimtrain-peaks.svg).

/** One polyline of a panel. */
export interface Series {
  name: string;
  /** (x, y) points in drawing order; points outside the axes' range are clipped (y ≤ 0 on a log axis is dropped). */
  points: readonly (readonly [number, number])[];
  /** CSS colour (default: from a fixed palette). */
  color?: string;
  /** stroke-dasharray, e.g. '6 3'. */
  dash?: string;
}

/** One chart. */
export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  /** log₁₀ y axis (default true). */
  logY?: boolean;
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f'];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (x: number): string => (Math.round(x * 100) / 100).toString();

/** "Nice" linear ticks covering [lo, hi]. */
function linearTicks(lo: number, hi: number, target = 6): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / target, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= target) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * span; t += step) out.push(Math.abs(t) < 1e-12 * step ? 0 : t);
  return out;
}

/** An SVG document with the panels in one row. */
export function lineChartSvg(panels: readonly Panel[], options: { panelWidth?: number; panelHeight?: number; title?: string; footnote?: string } = {}): string {
  const pw = options.panelWidth ?? 560, ph = options.panelHeight ?? 420;
  const top = options.title ? 34 : 10, bottom = options.footnote ? 26 : 6;
  const legendRows = Math.max(...panels.map((p) => p.series.length));
  const legendH = 8 + 16 * legendRows;
  const W = pw * panels.length, H = ph + top + bottom + legendH + 6;
  const m = { l: 64, r: 14, t: 28, b: 46 };
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  if (options.title) parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(options.title)}</text>`);
  panels.forEach((p, pi) => {
    const ox = pi * pw, oy = top;
    const logY = p.logY ?? true;
    const all = p.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!logY || y > 0));
    const xMin = p.xMin ?? Math.min(...all.map(([x]) => x)), xMax = p.xMax ?? Math.max(...all.map(([x]) => x));
    const ty = (y: number): number => (logY ? Math.log10(y) : y);
    const yMin = p.yMin !== undefined ? ty(p.yMin) : Math.min(...all.map(([, y]) => ty(y)));
    const yMax = p.yMax !== undefined ? ty(p.yMax) : Math.max(...all.map(([, y]) => ty(y)));
    const x0 = ox + m.l, x1 = ox + pw - m.r, y0 = oy + ph - m.b, y1 = oy + m.t;
    const sx = (x: number): number => x0 + ((x - xMin) / (xMax - xMin || 1)) * (x1 - x0);
    const sy = (v: number): number => y0 - ((v - yMin) / (yMax - yMin || 1)) * (y0 - y1);
    parts.push(`<text x="${num((x0 + x1) / 2)}" y="${oy + 16}" text-anchor="middle" font-size="13" font-weight="bold">${esc(p.title)}</text>`);
    // grid and ticks
    const xt = linearTicks(xMin, xMax);
    for (const t of xt) {
      parts.push(`<line x1="${num(sx(t))}" y1="${y0}" x2="${num(sx(t))}" y2="${y1}" stroke="#e5e5e5"/>`);
      parts.push(`<text x="${num(sx(t))}" y="${y0 + 15}" text-anchor="middle">${t}</text>`);
    }
    const yt = logY
      ? Array.from({ length: Math.floor(yMax) - Math.ceil(yMin) + 1 }, (_, i) => Math.ceil(yMin) + i).filter((e, _, a) => a.length <= 9 || e % 2 === 0)
      : linearTicks(yMin, yMax);
    for (const t of yt) {
      parts.push(`<line x1="${x0}" y1="${num(sy(t))}" x2="${x1}" y2="${num(sy(t))}" stroke="#e5e5e5"/>`);
      parts.push(`<text x="${x0 - 6}" y="${num(sy(t) + 4)}" text-anchor="end">${logY ? `1e${t}` : t}</text>`);
    }
    parts.push(`<rect x="${x0}" y="${y1}" width="${num(x1 - x0)}" height="${num(y0 - y1)}" fill="none" stroke="#333"/>`);
    parts.push(`<text x="${num((x0 + x1) / 2)}" y="${y0 + 34}" text-anchor="middle">${esc(p.xLabel)}</text>`);
    parts.push(`<text transform="translate(${ox + 16} ${num((y0 + y1) / 2)}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`);
    // series (clipped to the plot rectangle)
    const clip = `clip${pi}`;
    parts.push(`<clipPath id="${clip}"><rect x="${x0}" y="${y1}" width="${num(x1 - x0)}" height="${num(y0 - y1)}"/></clipPath>`);
    // legend below the axes (curves fill any corner of the plot)
    const lx = x0, ly0 = y0 + 46;
    const legend: string[] = [];
    p.series.forEach((s, si) => {
      const color = s.color ?? PALETTE[si % PALETTE.length]!;
      const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!logY || y > 0) && x <= xMax * 1.5)
        .map(([x, y]) => `${num(sx(x))},${num(sy(Math.max(ty(y), yMin - 1)))}`);
      if (pts.length === 0) return;
      parts.push(`<polyline clip-path="url(#${clip})" fill="none" stroke="${color}" stroke-width="1.8"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} points="${pts.join(' ')}"/>`);
      const ly = ly0 + 16 + si * 16;
      legend.push(`<line x1="${num(lx + 6)}" y1="${num(ly - 4)}" x2="${num(lx + 32)}" y2="${num(ly - 4)}" stroke="${color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
      legend.push(`<text x="${num(lx + 38)}" y="${num(ly)}" font-size="11">${esc(s.name)}</text>`);
    });
    parts.push(...legend);
  });
  if (options.footnote) parts.push(`<text x="8" y="${H - 8}" font-size="11" fill="#555">${esc(options.footnote)}</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
