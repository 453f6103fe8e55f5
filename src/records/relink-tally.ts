import { LinkResult } from '../linkage/linkage.service';

/** What a relink did, per batch and summed over a run. */
export interface RelinkCounts {
  /** Automatic links decided again (manual ones are never re-decided). */
  reDecided: number;
  /** Records whose person changed. */
  moved: number;
  /** Persons created for records that left theirs and still hold a record at the end. */
  newPersons: number;
  /** Review tasks the final decisions opened. */
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
 * Counts a batch linked in one or more passes, the later deciding last: a record is moved when
 * its final person is not the one it had before the first pass, and the tasks that count are
 * those of its last decision (each pass closes the open questions of the one before). The
 * live linker gives a record a person of its own ('own-person') either by leaving it alone
 * in its person or by creating one: a change of person tells the two apart.
 */
export function tallyPasses(passes: readonly LinkPass[]): Omit<RelinkCounts, 'keysRefreshed'> {
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
  return {
    reDecided: last.size,
    moved: [...last].filter(([id, r]) => r.personId !== first.get(id)).length,
    newPersons: [...created].filter((p) => finalPersons.has(p)).length,
    tasksOpened: [...last.values()].reduce((sum, r) => sum + r.reviews, 0),
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
