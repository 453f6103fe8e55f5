import { LinkResult } from './batch-linker';

/** What a relink did, per batch and summed over a run. */
export interface RelinkCounts {
  /** Automatic links the walk decided again (manual ones are never re-decided). */
  reDecided: number;
  /** Changes of person, of walked records and of those a batch pulled forward alike. */
  moved: number;
  /** Persons created for records that left theirs and still hold a record at the end. */
  newPersons: number;
  /** Review tasks the walked records' decisions opened (a question already open is kept). */
  tasksOpened: number;
  /** Records whose blocking keys were rewritten under the current model's rules. */
  keysRefreshed: number;
}

/** One call of the live linker: each record's person before it, and what it decided. */
export interface LinkPass {
  before: ReadonlyMap<string, string | null>;
  results: ReadonlyMap<string, LinkResult>;
}

export const NO_RELINK_COUNTS: RelinkCounts = {
  reDecided: 0,
  moved: 0,
  newPersons: 0,
  tasksOpened: 0,
  keysRefreshed: 0,
};

/**
 * Counts a batch linked in one or more passes, the later deciding last. A record is moved when
 * its final person is not the one it had before the first pass: each move is counted in the
 * batch that made it. Decisions and their tasks are counted for the walked records only, by
 * their last decision (each pass closes the open questions of the one before): a record a
 * batch pulls forward is decided again when the walk reaches it, and counted then. The live
 * linker gives a record a person of its own ('own-person') either by leaving it alone in its
 * person or by creating one: a change of person tells the two apart.
 */
export function tallyPasses(
  passes: readonly LinkPass[],
  walked: ReadonlySet<string>,
): Omit<RelinkCounts, 'keysRefreshed'> {
  const first = passes[0]?.before ?? new Map<string, string | null>();
  const last = new Map<string, LinkResult>();
  const created = new Set<string>();
  for (const pass of passes) {
    for (const [recordId, result] of pass.results) {
      last.set(recordId, result);
      if (result.link === 'own-person' && result.personId !== pass.before.get(recordId))
        created.add(result.personId);
    }
  }
  const finalPersons = new Set([...last.values()].map((r) => r.personId));
  const decided = [...last].filter(([id]) => walked.has(id)).map(([, r]) => r);
  return {
    reDecided: decided.length,
    moved: [...last].filter(([id, r]) => r.personId !== first.get(id)).length,
    newPersons: [...created].filter((p) => finalPersons.has(p)).length,
    tasksOpened: decided.reduce((sum, r) => sum + r.reviews, 0),
  };
}

/** The sum of two counts. */
export function addCounts(a: RelinkCounts, b: RelinkCounts): RelinkCounts {
  return {
    reDecided: a.reDecided + b.reDecided,
    moved: a.moved + b.moved,
    newPersons: a.newPersons + b.newPersons,
    tasksOpened: a.tasksOpened + b.tasksOpened,
    keysRefreshed: a.keysRefreshed + b.keysRefreshed,
  };
}
