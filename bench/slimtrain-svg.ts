// A minimal SVG line-plot writer for the slimTrain bench (no dependency): several series over a
// shared x axis, logarithmic y axis, axis ticks, a legend. Used by bench/slimtrain.bench.ts to
// write docs/img/slimtrain-peaks.svg.

/** One line of the plot. */
export interface Series {
  label: string;
  /** y values at x = 1, 2, …, y.length (non-positive values are skipped on the log axis). */
  y: number[];
  color: string;
  /** Dashed line. */
  dashed?: boolean;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An SVG document (text) of `series` against x = 1…n on a log10 y axis. */
export function linePlotSvg(options: { title: string; xLabel: string; yLabel: string; series: Series[]; width?: number; height?: number }): string {
  const W = options.width ?? 720, H = options.height ?? 440;
  const left = 70, right = 210, top = 40, bottom = 50;
  const pw = W - left - right, ph = H - top - bottom;
  const all = options.series.flatMap((s) => s.y.filter((v) => v > 0 && Number.isFinite(v)));
  const n = Math.max(...options.series.map((s) => s.y.length));
  const lo = Math.floor(Math.log10(Math.min(...all))), hi = Math.ceil(Math.log10(Math.max(...all)));
  const span = Math.max(hi - lo, 1);
  const X = (i: number): number => left + (n === 1 ? pw / 2 : ((i - 1) / (n - 1)) * pw);
  const Y = (v: number): number => top + ph - ((Math.log10(v) - lo) / span) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${left + pw / 2}" y="${top - 16}" text-anchor="middle" font-size="14">${esc(options.title)}</text>`);
  // grid and ticks
  for (let e = lo; e <= hi; e++) {
    const y = Y(10 ** e);
    out.push(`<line x1="${left}" y1="${y}" x2="${left + pw}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end">1e${e}</text>`);
    if (e < hi) {
      for (const m of [2, 5]) {
        const ym = Y(m * 10 ** e);
        out.push(`<line x1="${left}" y1="${ym}" x2="${left + pw}" y2="${ym}" stroke="#f2f2f2"/>`);
      }
    }
  }
  const step = n > 10 ? 2 : 1;
  for (let i = 1; i <= n; i += step) {
    const x = X(i);
    out.push(`<line x1="${x}" y1="${top + ph}" x2="${x}" y2="${top + ph + 5}" stroke="black"/>`);
    out.push(`<text x="${x}" y="${top + ph + 18}" text-anchor="middle">${i}</text>`);
  }
  out.push(`<rect x="${left}" y="${top}" width="${pw}" height="${ph}" fill="none" stroke="black"/>`);
  out.push(`<text x="${left + pw / 2}" y="${H - 12}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`);
  // series and legend
  options.series.forEach((s, k) => {
    const pts = s.y.map((v, i) => (v > 0 && Number.isFinite(v) ? `${X(i + 1).toFixed(1)},${Y(v).toFixed(1)}` : null)).filter((p) => p !== null);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${pts.join(' ')}"/>`);
    const ly = top + 10 + k * 20;
    out.push(`<line x1="${left + pw + 12}" y1="${ly}" x2="${left + pw + 40}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${left + pw + 46}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
