// Dependency-free SVG charts for the benchmark results: grouped bar charts and line charts
// with axes, ticks, labels and units, written next to the JSON in bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './common.mjs';

const W = 780;
const H = 420;
const M = { left: 80, right: 200, top: 50, bottom: 70 };
const COLORS = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00'];

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Round tick steps (1, 2, 5 x 10^k) covering 0..max.
function ticks(max, count = 5) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const out = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  if (out[out.length - 1] < max) out.push(Number((out[out.length - 1] + step).toPrecision(12)));
  return out;
}

const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

// Powers of ten covering [min, max], for a logarithmic axis.
function logTicks(min, max) {
  const out = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) out.push(10 ** e);
  return out;
}

function frame({ title, xLabel, yLabel, yTicks, yMax, logY = false }) {
  const plotH = H - M.top - M.bottom;
  const lo = logY ? Math.log10(yTicks[0]) : 0;
  const hi = logY ? Math.log10(yMax) : yMax;
  const y = (v) =>
    M.top + plotH - (((logY ? Math.log10(Math.max(v, yTicks[0])) : v) - lo) / (hi - lo)) * plotH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  for (const t of yTicks) {
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${esc(fmt(t))}</text>`,
    );
  }
  parts.push(
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="black"/>`,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="black"/>`,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 20}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(20 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  );
  return { parts, y };
}

function legend(parts, names) {
  names.forEach((n, i) => {
    const ly = M.top + 10 + i * 20;
    parts.push(
      `<rect x="${W - M.right + 16}" y="${ly - 10}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${W - M.right + 34}" y="${ly}">${esc(n)}</text>`,
    );
  });
}

// groups: x labels; series: [{ name, values: [number|null per group] }]; logY for values
// spanning several orders of magnitude (latencies).
export function barChart({ title, xLabel, yLabel, groups, series, logY = false }) {
  const all = series.flatMap((s) => s.values).filter((v) => Number.isFinite(v) && (!logY || v > 0));
  const yTicks = logY ? logTicks(Math.min(...all), Math.max(...all)) : ticks(Math.max(0, ...all) * 1.1);
  const { parts, y } = frame({ title, xLabel, yLabel, yTicks, yMax: yTicks[yTicks.length - 1], logY });
  const plotW = W - M.left - M.right;
  const groupW = plotW / Math.max(1, groups.length);
  const barW = (groupW * 0.8) / Math.max(1, series.length);
  groups.forEach((g, gi) => {
    const x0 = M.left + gi * groupW + groupW * 0.1;
    series.forEach((s, si) => {
      const v = s.values[gi];
      if (!Number.isFinite(v)) return;
      const x = x0 + si * barW;
      parts.push(
        `<rect x="${x}" y="${y(v)}" width="${barW - 2}" height="${H - M.bottom - y(v)}" fill="${COLORS[si % COLORS.length]}"/>`,
        `<text x="${x + (barW - 2) / 2}" y="${y(v) - 4}" text-anchor="middle" font-size="10">${esc(fmt(v))}</text>`,
      );
    });
    parts.push(
      `<text x="${x0 + groupW * 0.4}" y="${H - M.bottom + 18}" text-anchor="middle">${esc(g)}</text>`,
    );
  });
  legend(
    parts,
    series.map((s) => s.name),
  );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

// series: [{ name, points: [[x, y], ...] }]; x is drawn on a log2 scale when logX.
export function lineChart({ title, xLabel, yLabel, series, logX = false }) {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter((v) => Number.isFinite(v));
  const yTicks = ticks(Math.max(0, ...ys) * 1.1);
  const { parts, y } = frame({ title, xLabel, yLabel, yTicks, yMax: yTicks[yTicks.length - 1] });
  const fx = (v) => (logX ? Math.log2(v) : v);
  const lo = Math.min(...xs.map(fx));
  const hi = Math.max(...xs.map(fx));
  const plotW = W - M.left - M.right;
  const x = (v) => M.left + 20 + ((fx(v) - lo) / (hi - lo || 1)) * (plotW - 40);
  for (const v of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(
      `<line x1="${x(v)}" x2="${x(v)}" y1="${H - M.bottom}" y2="${H - M.bottom + 5}" stroke="black"/>`,
      `<text x="${x(v)}" y="${H - M.bottom + 18}" text-anchor="middle">${esc(v)}</text>`,
    );
  }
  series.forEach((s, si) => {
    const c = COLORS[si % COLORS.length];
    const pts = s.points.filter((p) => Number.isFinite(p[1]));
    parts.push(
      `<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.map((p) => `${x(p[0])},${y(p[1])}`).join(' ')}"/>`,
    );
    for (const p of pts)
      parts.push(
        `<circle cx="${x(p[0])}" cy="${y(p[1])}" r="3.5" fill="${c}"/>`,
        `<text x="${x(p[0])}" y="${y(p[1]) - 8}" text-anchor="middle" font-size="10">${esc(fmt(p[1]))}</text>`,
      );
  });
  legend(
    parts,
    series.map((s) => s.name),
  );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

export function writePlot(name, svg) {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.svg`);
  writeFileSync(file, svg);
  console.log(`wrote ${file}`);
}
