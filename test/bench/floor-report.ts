/**
 * How every bench prints a figure: beside the floor the same machine reached in the same run
 * (the least work that does the same job: a bare server running the one query, COPY of the
 * same rows, ...) and the ratio of the two. These machines are shared and noisy: an absolute
 * figure moves with the neighbours' load, the ratio much less, so the ratio is what to compare
 * between runs and between commits.
 */
export interface Measured {
  value: number;
  /** `ms` for a time (lower is better); any other unit is a rate (higher is better). */
  unit: string;
}

/**
 * One line: the figure, the floor, and figure / floor. For a time that is how many times the
 * floor's time the figure took; for a rate, which share of the floor's rate it reached.
 */
export function besideFloor(label: string, figure: Measured, floor: Measured): string {
  const ratio = floor.value > 0 ? (figure.value / floor.value).toFixed(2) : 'n/a';
  const meaning = figure.unit === 'ms' ? 'x the floor' : 'of the floor';
  return (
    `${label.padEnd(56)} ${format(figure).padStart(14)}   floor ${format(floor).padStart(14)}` +
    `   ratio ${ratio} ${meaning}`
  );
}

export function printBesideFloor(label: string, figure: Measured, floor: Measured): void {
  console.log(besideFloor(label, figure, floor));
}

function format(m: Measured): string {
  const digits = m.unit === 'ms' ? (m.value < 10 ? 2 : 1) : 0;
  const value = m.value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
  return `${value} ${m.unit}`;
}
