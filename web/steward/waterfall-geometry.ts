import { Explanation, Threshold } from './explanation-model';
import { formatChance, formatPercent } from './format';

/**
 * The waterfall as Splink draws it: the prior, then each comparison's weight stacked on the
 * running total, then the total, against the thresholds. Pure numbers here; the SVG is drawn
 * by waterfall-view.ts from these steps and this scale.
 */
export type StepKind = 'prior' | 'comparison' | 'total';

export interface WaterfallStep {
  readonly key: string;
  readonly label: string;
  readonly detail: string;
  readonly kind: StepKind;
  readonly weight: number;
  /** Running total before the step, in bits (0 for the prior and the total). */
  readonly start: number;
  readonly end: number;
}

export interface Domain {
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
}

export function waterfallSteps(e: Explanation): WaterfallStep[] {
  const steps: WaterfallStep[] = [
    {
      key: 'prior',
      label: 'Prior',
      detail: `${formatChance(e.prior.probability)} random pairs match`,
      kind: 'prior',
      weight: e.prior.weight,
      start: 0,
      end: e.prior.weight,
    },
  ];
  let running = e.prior.weight;
  for (const c of e.comparisons) {
    steps.push({
      key: `c-${c.id}`,
      label: c.label,
      detail: c.levelLabel,
      kind: 'comparison',
      weight: c.weight,
      start: running,
      end: running + c.weight,
    });
    running += c.weight;
  }
  steps.push({
    key: 'total',
    label: 'Total',
    detail: `${formatPercent(e.probability)} match probability`,
    kind: 'total',
    weight: e.totalWeight,
    start: 0,
    end: e.totalWeight,
  });
  return steps;
}

const TICK_STEPS = [1, 2, 5, 10, 20, 50, 100];

/** Whole-bit bounds covering every bar end, zero and every threshold, with round ticks. */
export function waterfallDomain(
  steps: readonly WaterfallStep[],
  thresholds: readonly Threshold[],
): Domain {
  const values = [0, ...steps.flatMap((s) => [s.start, s.end]), ...thresholds.map((t) => t.weight)];
  let min = Math.floor(Math.min(...values));
  let max = Math.ceil(Math.max(...values));
  if (max - min < 2) {
    min -= 1;
    max += 1;
  }
  const step = TICK_STEPS.find((s) => (max - min) / s <= 10) ?? 200;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
  return { min, max, ticks };
}

/** Maps a weight to an x coordinate inside [left, left + width]. */
export function scaleOf(domain: Domain, left: number, width: number): (weight: number) => number {
  const span = domain.max - domain.min;
  return (weight) => left + ((weight - domain.min) / span) * width;
}

/** A bar's class: grey prior, green for evidence for, red against, blue total. */
export function barClass(step: WaterfallStep): string {
  if (step.kind === 'prior') return 'bar-prior';
  if (step.kind === 'total') return 'bar-total';
  if (step.weight > 0) return 'bar-for';
  if (step.weight < 0) return 'bar-against';
  return 'bar-neutral';
}

/** One sentence a screen reader can read instead of the picture. */
export function waterfallSummary(e: Explanation): string {
  const strongest = [...e.comparisons]
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, 3);
  const parts = strongest.map((c) => `${c.label} ${c.levelLabel} (${signed(c.weight)})`);
  const reached = e.thresholds.filter((t) => t.margin >= 0).map((t) => t.name);
  const band = reached.length > 0 ? `reaches ${reached.at(-1)}` : 'below every threshold';
  return `Prior ${signed(e.prior.weight)} bits; strongest evidence: ${parts.join(', ') || 'none'}; total ${signed(e.totalWeight)} bits, ${band}.`;
}

function signed(weight: number): string {
  return `${weight >= 0 ? '+' : '\u2212'}${Math.abs(weight).toFixed(1)}`;
}
