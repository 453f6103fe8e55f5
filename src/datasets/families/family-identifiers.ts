import { Random } from '../seeded-random';

/**
 * SSNs as SSA issues them: never area 000, 666 or 9xx, group 00 or serial 0000 (POMS RM
 * 10201.035). Before randomization (25 June 2011) numbers issued together, as to twins
 * enumerated at birth, were consecutive.
 */
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function isValidSsn(ssn: string): boolean {
  const area = Number(ssn.slice(0, 3));
  return (
    /^\d{9}$/.test(ssn) &&
    area !== 0 &&
    area !== 666 &&
    area < 900 &&
    ssn.slice(3, 5) !== '00' &&
    ssn.slice(5) !== '0000'
  );
}

export function newSsn(random: Random, used: Set<string>): string {
  for (;;) {
    const area = random.between(1, 899);
    const ssn = `${pad(area, 3)}${pad(random.between(1, 99), 2)}${pad(random.between(1, 9999), 4)}`;
    if (!isValidSsn(ssn) || used.has(ssn)) continue;
    used.add(ssn);
    return ssn;
  }
}

/** The next serial after `ssn` (or the one before, at the end of a group); null if taken. */
export function consecutiveSsn(ssn: string, used: Set<string>): string | null {
  const serial = Number(ssn.slice(5));
  const next = `${ssn.slice(0, 5)}${pad(serial === 9999 ? serial - 1 : serial + 1, 4)}`;
  if (used.has(next) || !isValidSsn(next)) return null;
  used.add(next);
  return next;
}

/** A US mobile or landline number in an area code of the household's city. */
export function newPhone(random: Random, areaCodes: readonly string[]): string {
  return `${random.pick(areaCodes)}${random.between(200, 999)}${pad(random.int(10000), 4)}`;
}
