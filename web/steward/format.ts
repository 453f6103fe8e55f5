/** Display formats shared by the views: numbers, ages, ids and labels. */
export function formatPercent(probability: number | null | undefined): string {
  if (probability === null || probability === undefined || !Number.isFinite(probability))
    return '\u2014';
  const pct = probability * 100;
  // Near the ends the interesting digits are further right: 99.97% is not 100%.
  const digits = pct > 99 || pct < 1 ? 2 : 1;
  return `${pct.toFixed(digits)}%`;
}

/** A weight in bits with its sign (a true minus sign, read out as "minus"). */
export function formatWeight(weight: number | null | undefined): string {
  if (weight === null || weight === undefined || !Number.isFinite(weight)) return '\u2014';
  const sign = weight > 0 ? '+' : weight < 0 ? '\u2212' : '\u00b1';
  return `${sign}${Math.abs(weight).toFixed(2)}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago, coarse: minutes under an hour, hours under two days, then days. */
export function formatAge(iso: string, nowMs: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '\u2014';
  const age = Math.max(0, nowMs - then);
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min`;
  if (age < 2 * DAY) return `${Math.floor(age / HOUR)} h`;
  return `${Math.floor(age / DAY)} d`;
}

export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '\u2014';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '\u2014';
  return d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

/** The first block of a UUID: enough to tell rows apart on screen. */
export function shortId(id: string | number | null | undefined): string {
  if (id === null || id === undefined) return '\u2014';
  return String(id).split('-')[0] ?? String(id);
}

const KIND_LABELS: Record<string, string> = {
  'possible-match': 'Possible match',
  'merge-persons': 'Merge persons',
  'same-source-duplicate': 'Same-source duplicate',
  'weak-chain': 'Weak chain',
  ambiguous: 'Ambiguous',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

const REASON_LABELS: Record<string, string> = {
  'possible-twin': 'possible twin',
  'shared-identifier-conflict': 'shared identifier, conflicting demographics',
  generational: 'generational (Jr / Sr, parent and child)',
  'household-member': 'household member',
  ambiguous: 'fits two persons',
  'same-source-duplicate': 'same-source duplicate',
  'weak-chain': 'contradicts a record of the person',
  'split-person': 'one person in two',
  uncertain: 'uncertain evidence',
};

/** The task's kind and, when it says more, why it was opened. */
export function taskLabel(task: { kind: string; reason_code?: string }): string {
  const reason = task.reason_code;
  if (reason === undefined || reason === task.kind) return kindLabel(task.kind);
  return `${kindLabel(task.kind)} (${REASON_LABELS[reason] ?? reason})`;
}

const AGE_LABELS: Record<string, string> = {
  'under-1d': 'Under 1 day',
  '1-7d': '1 to 7 days',
  'over-7d': 'Over 7 days',
};

export function ageBucketLabel(bucket: string): string {
  return AGE_LABELS[bucket] ?? bucket;
}

export function fieldValueText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '\u2014';
  return String(value);
}

/** A small probability as odds ("1 in 50,000"), which reads better than 0.00%. */
export function formatChance(probability: number): string {
  if (!(probability > 0)) return '0%';
  if (probability >= 0.01) return formatPercent(probability);
  return `1 in ${Math.round(1 / probability).toLocaleString('en-US')}`;
}
