// @ts-check
/**
 * Charts drawn as inline SVG with DOM calls: no library, no inline styles (colours come
 * from classes in app.css, so the Content-Security-Policy needs no 'unsafe-inline').
 * Each chart has a title and description for screen readers, and the page puts the
 * same numbers in a table beside it.
 */

const NS = 'http://www.w3.org/2000/svg';

/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {string} [text]
 */
function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A round upper bound for an axis, and its tick step. */
function scale(max) {
  if (max <= 0) return { top: 1, step: 1 };
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const top = Math.max(step, Math.ceil(max / step) * step);
  return { top, step: Math.max(1, Math.round(step)) };
}

/**
 * A line chart: one polyline and one marker per point for each series.
 * @param {{ id: string, title: string, description: string, labels: string[], series: Array<{ name: string, key?: string, values: number[] }> }} o
 * `key` names the series' colour class (`s-<key>`), by default its name.
 */
export function lineChart(o) {
  const W = 640;
  const H = 260;
  const left = 40;
  const right = 16;
  const top = 14;
  const bottom = 46;
  const n = o.labels.length;
  const max = Math.max(0, ...o.series.flatMap((s) => s.values));
  const { top: yTop, step } = scale(max);
  const x = (i) => (n <= 1 ? left + (W - left - right) / 2 : left + (i * (W - left - right)) / (n - 1));
  const y = (v) => top + (H - top - bottom) * (1 - v / yTop);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${o.id}-t ${o.id}-d`, class: 'chart', id: o.id });
  root.append(svg('title', { id: `${o.id}-t` }, o.title), svg('desc', { id: `${o.id}-d` }, o.description));
  for (let v = 0; v <= yTop; v += step) {
    root.append(svg('line', { class: 'grid', x1: left, x2: W - right, y1: y(v), y2: y(v) }));
    root.append(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  root.append(svg('line', { class: 'axis', x1: left, x2: W - right, y1: H - bottom, y2: H - bottom }));
  root.append(svg('line', { class: 'axis', x1: left, x2: left, y1: top, y2: H - bottom }));
  // Every label when they fit, else every k-th, so that they never overlap.
  const every = Math.max(1, Math.ceil(n / 8));
  o.labels.forEach((label, i) => {
    // The end labels are anchored inside the plot so that they are not cut off at the edges.
    const anchor = n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle';
    if (i % every === 0 || i === n - 1) root.append(svg('text', { x: x(i), y: H - bottom + 16, 'text-anchor': anchor }, label));
  });
  for (const s of o.series) {
    const key = s.key ?? s.name;
    const g = svg('g', { class: `series s-${key}`, 'data-series': s.name });
    if (n > 1) g.append(svg('polyline', { class: `line s-${key}`, points: s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ') }));
    s.values.forEach((v, i) => {
      const dot = svg('circle', { class: `point s-${key}`, cx: x(i), cy: y(v), r: 4, 'data-value': v });
      dot.append(svg('title', {}, `${s.name}: ${v} (${o.labels[i]})`));
      g.append(dot);
    });
    root.append(g);
  }
  return root;
}

/**
 * A horizontal bar chart, one bar per entry, longest first.
 * @param {{ id: string, title: string, description: string, entries: Array<[string, number]> }} o
 */
export function barChart(o) {
  const W = 640;
  const row = 24;
  const labelW = 220;
  const right = 40;
  const entries = [...o.entries].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const H = Math.max(1, entries.length) * row + 12;
  const max = Math.max(1, ...entries.map((e) => e[1]));
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${o.id}-t ${o.id}-d`, class: 'chart', id: o.id });
  root.append(svg('title', { id: `${o.id}-t` }, o.title), svg('desc', { id: `${o.id}-d` }, o.description));
  entries.forEach(([name, v], i) => {
    const y = 6 + i * row;
    const w = ((W - labelW - right) * v) / max;
    const label = name.length > 32 ? `${name.slice(0, 31)}…` : name;
    root.append(svg('text', { x: labelW - 8, y: y + row / 2 + 4, 'text-anchor': 'end' }, label));
    const bar = svg('rect', { class: 'bar', x: labelW, y: y + 3, width: Math.max(1, w), height: row - 8, 'data-rule': name, 'data-value': v });
    bar.append(svg('title', {}, `${name}: ${v}`));
    root.append(bar, svg('text', { x: labelW + w + 6, y: y + row / 2 + 4 }, String(v)));
  });
  return root;
}
