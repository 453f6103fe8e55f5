import { foldText } from './text-fold';

/**
 * Given-name nicknames, from `data/reference/nicknames/names.csv` (`name1,has_nickname,name2`).
 *
 * A nickname may belong to several formal names (`ron` <- aaron, cameron, ronald, ...), so a
 * name has a group (every formal name it may stand for) and one deterministic canonical name:
 *   - a name that is itself a formal name in the table is its own canonical name;
 *   - otherwise the formal name sharing the longest prefix with it (`ron` -> ronald, not
 *     aaron), ties broken by alphabetical order;
 *   - a name the table does not know is its own canonical name.
 * Comparators should ask `shareNicknameGroup` rather than compare canonical names alone:
 * `frank` is a formal name (canonical `frank`) and also a nickname of francis and franklin.
 */
export interface NicknameTable {
  /** Folded name -> canonical formal name, only for names whose canonical differs. */
  readonly canonical: ReadonlyMap<string, string>;
  /** Folded name -> the sorted formal names it may stand for (itself included when formal). */
  readonly groups: ReadonlyMap<string, readonly string[]>;
}

export class NicknameCsvError extends Error {}

const HEADER = 'name1,relationship,name2';
const RELATION = 'has_nickname';

/** Parses the CSV (LF or CRLF). Throws NicknameCsvError naming the line of a malformed row. */
export function parseNicknameCsv(text: string): NicknameTable {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== HEADER) throw new NicknameCsvError(`nickname table: header must be "${HEADER}"`);
  const pairs: [formal: string, nickname: string][] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const [formal, relation, nickname, ...rest] = line.split(',');
    const a = foldText(formal ?? '');
    const b = foldText(nickname ?? '');
    if (relation !== RELATION || a === '' || b === '' || rest.length > 0) {
      throw new NicknameCsvError(`nickname table: line ${index + 2} is not "name,${RELATION},nickname"`);
    }
    pairs.push([a, b]);
  });
  return buildNicknameTable(pairs);
}

/** Builds the table from (formal, nickname) pairs; order of the pairs does not matter. */
export function buildNicknameTable(pairs: readonly (readonly [string, string])[]): NicknameTable {
  const formal = new Set(pairs.map(([name]) => name));
  const owners = new Map<string, Set<string>>();
  for (const name of formal) owners.set(name, new Set([name]));
  for (const [name, nickname] of pairs) {
    const set = owners.get(nickname) ?? new Set<string>();
    set.add(name);
    owners.set(nickname, set);
  }
  const groups = new Map<string, readonly string[]>();
  const canonical = new Map<string, string>();
  for (const [name, set] of owners) {
    const group = Object.freeze([...set].sort());
    groups.set(name, group);
    const chosen = formal.has(name) ? name : pickCanonical(name, group);
    if (chosen !== name) canonical.set(name, chosen);
  }
  return { canonical, groups };
}

function pickCanonical(nickname: string, group: readonly string[]): string {
  let best = group[0] ?? nickname;
  let bestPrefix = -1;
  for (const candidate of group) {
    const prefix = commonPrefixLength(nickname, candidate);
    if (prefix > bestPrefix) {
      best = candidate;
      bestPrefix = prefix;
    }
  }
  return best;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** An empty table: every name is its own canonical name. */
export function emptyNicknameTable(): NicknameTable {
  return { canonical: new Map(), groups: new Map() };
}

/** Canonical given name of one folded name (`bill` -> `william`). */
export function canonicalGivenName(table: NicknameTable, folded: string): string {
  return table.canonical.get(folded) ?? folded;
}

/** Formal names a folded name may stand for; a name the table does not know is its own group. */
export function nicknameGroups(table: NicknameTable, folded: string): readonly string[] {
  return table.groups.get(folded) ?? [folded];
}

/** True when two folded given names may be the same formal name (`bill` and `will`). */
export function shareNicknameGroup(table: NicknameTable, a: string, b: string): boolean {
  if (a === b) return true;
  const groupB = nicknameGroups(table, b);
  return nicknameGroups(table, a).some((name) => groupB.includes(name));
}
