import { foldText } from './text-fold';

/**
 * Given-name nicknames, from `data/reference/nicknames/names.csv` (`name1,has_nickname,name2`).
 *
 * A nickname may belong to several formal names (`ron` <- aaron, cameron, ronald, ...), and
 * the table is noisy (`bill` is listed as a formal name too, with nicknames of its own). So a
 * name has a group, every formal name it may stand for, and one deterministic canonical name:
 *   - candidates are the formal names listing it that have more nicknames than it has (more
 *     formal than it is); with none, the name is its own canonical name;
 *   - the candidate wins whose nicknames overlap most with the name and its own nicknames
 *     (`bill`, `billy` -> william rather than robert), then the one with most nicknames, then
 *     the longest shared prefix, then alphabetical order.
 * Without frequencies no rule is always right (`ron` -> veronica), so comparators should ask
 * `shareNicknameGroup`, and use the canonical name only as a convenience (blocking, display).
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

/**
 * Parses one or more tables in the CSV format (LF or CRLF) into one. Throws NicknameCsvError
 * naming the line of a malformed row.
 */
export function parseNicknameCsv(...texts: string[]): NicknameTable {
  return buildNicknameTable(texts.flatMap(nicknamePairs));
}

function nicknamePairs(text: string): [formal: string, nickname: string][] {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== HEADER)
    throw new NicknameCsvError(`nickname table: header must be "${HEADER}"`);
  const pairs: [formal: string, nickname: string][] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const [formal, relation, nickname, ...rest] = line.split(',');
    const a = foldText(formal ?? '');
    const b = foldText(nickname ?? '');
    if (relation !== RELATION || a === '' || b === '' || rest.length > 0) {
      throw new NicknameCsvError(
        `nickname table: line ${index + 2} is not "name,${RELATION},nickname"`,
      );
    }
    pairs.push([a, b]);
  });
  return pairs;
}

/** Builds the table from (formal, nickname) pairs; order of the pairs does not matter. */
export function buildNicknameTable(pairs: readonly (readonly [string, string])[]): NicknameTable {
  const nicknamesOf = new Map<string, Set<string>>();
  const owners = new Map<string, Set<string>>();
  for (const [name, nickname] of pairs) {
    if (name === nickname) continue;
    addTo(nicknamesOf, name, nickname);
    addTo(owners, nickname, name);
  }
  const groups = new Map<string, readonly string[]>();
  const canonical = new Map<string, string>();
  for (const name of new Set([...nicknamesOf.keys(), ...owners.keys()])) {
    const group = new Set(formalOwners(name, owners.get(name), nicknamesOf));
    if (nicknamesOf.has(name)) group.add(name);
    groups.set(name, Object.freeze([...group].sort()));
    const chosen = pickCanonical(name, owners.get(name), nicknamesOf);
    if (chosen !== name) canonical.set(name, chosen);
  }
  return { canonical, groups };
}

/**
 * The formal names `name` may stand for, from the names listing it as a nickname. The table
 * lists some formal names as nicknames of their own nicknames: `bill` has `robert` and
 * `william`, each of which has `bill`. Such a listing back, by a name with fewer nicknames, is
 * no formal name of `name`; taken as one it would make Robert and William one name through Bill.
 * What it links stays linked where the two formal names share at least half their nicknames:
 * two spellings of one name (Teresa / Theresa through Tess, Catherine / Cathleen through Cathy).
 */
function formalOwners(
  name: string,
  owners: ReadonlySet<string> | undefined,
  nicknamesOf: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const own = nicknamesOf.get(name);
  return [...(owners ?? [])].flatMap((owner) => {
    const theirs = nicknamesOf.get(owner);
    if (own === undefined || theirs === undefined || !own.has(owner) || theirs.size >= own.size)
      return [owner];
    return spellingsOf(name, own, theirs, nicknamesOf);
  });
}

/**
 * Of the names `bridge` lists, those whose nicknames and `name`'s (`own`) share at least half of
 * the shorter list.
 */
function spellingsOf(
  name: string,
  own: ReadonlySet<string>,
  bridge: ReadonlySet<string>,
  nicknamesOf: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  return [...bridge].filter((other) => {
    const theirs = nicknamesOf.get(other);
    if (other === name || theirs === undefined) return false;
    const shared = [...theirs].filter((nickname) => own.has(nickname)).length;
    return shared * 2 >= Math.min(own.size, theirs.size);
  });
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}

interface Rank {
  shared: number;
  nicknames: number;
  prefix: number;
}

function pickCanonical(
  name: string,
  owners: ReadonlySet<string> | undefined,
  nicknamesOf: ReadonlyMap<string, ReadonlySet<string>>,
): string {
  const own = nicknamesOf.get(name);
  const family = new Set([name, ...(own ?? [])]);
  let best = name;
  let bestRank: Rank | null = null;
  for (const candidate of [...(owners ?? [])].sort()) {
    const theirs = nicknamesOf.get(candidate) ?? new Set<string>();
    if (theirs.size <= (own?.size ?? 0)) continue;
    const rank: Rank = {
      shared: [...theirs].filter((nickname) => family.has(nickname)).length,
      nicknames: theirs.size,
      prefix: commonPrefixLength(name, candidate),
    };
    if (bestRank === null || outranks(rank, bestRank)) {
      best = candidate;
      bestRank = rank;
    }
  }
  return best;
}

/** Strictly better only, so the alphabetically first of equals (sorted input) stays. */
function outranks(a: Rank, b: Rank): boolean {
  if (a.shared !== b.shared) return a.shared > b.shared;
  if (a.nicknames !== b.nicknames) return a.nicknames > b.nicknames;
  return a.prefix > b.prefix;
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
