import { h, s, tableHead } from './dom';
import { Explanation } from './explanation-model';
import { formatPercent, formatWeight } from './format';
import {
  WaterfallStep,
  barClass,
  scaleOf,
  waterfallDomain,
  waterfallSteps,
  waterfallSummary,
} from './waterfall-geometry';

/**
 * Draws the explanation as a horizontal waterfall in plain SVG: one row per step, the bar
 * spanning the running total before and after it, dashed lines at the thresholds. Colours
 * come from classes in steward.css (no inline styles, so a strict CSP holds), and a table
 * with the same numbers sits in a disclosure for screen readers and auditors.
 */
const WIDTH = 760;
const LABEL_RIGHT = 250;
const PLOT_LEFT = 262;
const PLOT_WIDTH = 410;
const VALUE_RIGHT = WIDTH - 6;
const TOP = 52;
const ROW = 36;
const BAR = 18;
const AXIS = 28;

export function waterfall(e: Explanation): HTMLElement {
  const steps = waterfallSteps(e);
  const domain = waterfallDomain(steps, e.thresholds);
  const x = scaleOf(domain, PLOT_LEFT, PLOT_WIDTH);
  const height = TOP + steps.length * ROW + AXIS;
  const bottom = TOP + steps.length * ROW;
  const svg = s(
    'svg',
    {
      class: 'waterfall',
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: 'img',
      'aria-labelledby': 'wf-title wf-desc',
      id: 'waterfall',
      preserveAspectRatio: 'xMinYMin meet',
    },
    s('title', { id: 'wf-title' }, 'Score waterfall'),
    s('desc', { id: 'wf-desc' }, waterfallSummary(e)),
    domain.ticks.map((t) =>
      s('line', {
        class: t === 0 ? 'wf-zero' : 'wf-grid',
        x1: x(t),
        x2: x(t),
        y1: TOP - 6,
        y2: bottom,
      }),
    ),
    domain.ticks.map((t) =>
      s(
        'text',
        { class: 'wf-tick', x: x(t), y: bottom + 18, 'text-anchor': 'middle' },
        formatWeight(t).replace('.00', ''),
      ),
    ),
    e.thresholds.map((t, i) => thresholdMark(x(t.weight), t.name, t.probability, i, bottom)),
    steps.map((step, i) => row(step, i, x, steps[i + 1])),
  );
  return h('figure', { class: 'waterfall-figure' }, svg, h('figcaption', {}, legend()));
}

function thresholdMark(
  xPos: number,
  name: string,
  probability: number,
  index: number,
  bottom: number,
): SVGGElement {
  // Three label rows, so thresholds close together never print over each other.
  const y = 12 + (index % 3) * 13;
  return s(
    'g',
    { class: `wf-threshold wf-threshold-${name}` },
    s('line', { x1: xPos, x2: xPos, y1: y + 4, y2: bottom }),
    s('text', { x: xPos, y, 'text-anchor': 'middle' }, `${name} ${formatPercent(probability)}`),
  );
}

function row(
  step: WaterfallStep,
  index: number,
  x: (w: number) => number,
  next: WaterfallStep | undefined,
): SVGGElement {
  const top = TOP + index * ROW;
  const barTop = top + (ROW - BAR) / 2;
  const left = Math.min(x(step.start), x(step.end));
  const width = Math.max(Math.abs(x(step.end) - x(step.start)), 2);
  const connector =
    next && next.kind === 'comparison'
      ? s('line', {
          class: 'wf-connector',
          x1: x(step.end),
          x2: x(step.end),
          y1: barTop + BAR,
          y2: barTop + ROW,
        })
      : null;
  return s(
    'g',
    { class: `wf-row wf-${step.kind}`, 'data-step': step.key },
    s('title', {}, `${step.label}: ${step.detail}, ${formatWeight(step.weight)} bits`),
    s(
      'text',
      { class: 'wf-label', x: LABEL_RIGHT, y: top + 15, 'text-anchor': 'end' },
      truncate(step.label, 30),
    ),
    s(
      'text',
      { class: 'wf-detail', x: LABEL_RIGHT, y: top + 30, 'text-anchor': 'end' },
      truncate(step.detail, 38),
    ),
    s('rect', { class: `wf-bar ${barClass(step)}`, x: left, y: barTop, width, height: BAR, rx: 2 }),
    connector,
    s(
      'text',
      { class: 'wf-value', x: VALUE_RIGHT, y: top + 22, 'text-anchor': 'end' },
      formatWeight(step.weight),
    ),
  );
}

function legend(): HTMLElement {
  const key = (cls: string, text: string): HTMLElement =>
    h(
      'span',
      { class: 'legend-item' },
      h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }),
      text,
    );
  return h(
    'span',
    { class: 'legend' },
    'Weights in bits (log\u2082 of the likelihood ratio). ',
    key('bar-prior', 'prior'),
    key('bar-for', 'evidence for'),
    key('bar-against', 'evidence against'),
    key('bar-neutral', 'missing (no weight)'),
    key('bar-total', 'total'),
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}\u2026` : text;
}

/** The same numbers as a table, behind a disclosure. */
export function waterfallTable(e: Explanation): HTMLElement {
  const cell = (v: number | null, digits = 3): string =>
    v === null ? '\u2014' : v.toPrecision(digits);
  let running = e.prior.weight;
  const rows = e.comparisons.map((c) => {
    running += c.weight;
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, c.label),
      h('td', {}, c.levelLabel),
      h('td', { class: 'num' }, cell(c.m)),
      h('td', { class: 'num' }, cell(c.u)),
      h('td', { class: 'num' }, c.tfWeight === null ? '\u2014' : formatWeight(c.tfWeight)),
      h('td', { class: 'num' }, formatWeight(c.weight)),
      h('td', { class: 'num' }, formatWeight(running)),
    );
  });
  return h(
    'details',
    { class: 'numbers' },
    h('summary', {}, 'Show the numbers'),
    h(
      'table',
      { class: 'explain-table' },
      h(
        'caption',
        {},
        `Prior ${formatWeight(e.prior.weight)} bits (${formatPercent(e.prior.probability)}); total ${formatWeight(e.totalWeight)} bits = ${formatPercent(e.probability)}`,
      ),
      tableHead(['Comparison', 'Level', 'm', 'u', 'Frequency adj.', 'Weight', 'Running total']),
      h('tbody', {}, rows),
    ),
    h(
      'p',
      {},
      e.thresholds.map(
        (t) =>
          `${t.name}: ${formatPercent(t.probability)} (${formatWeight(t.weight)} bits, margin ${formatWeight(t.margin)}). `,
      ),
    ),
  );
}
