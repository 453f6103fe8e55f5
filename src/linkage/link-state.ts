import { MatchFeatures } from '../matching/record-types';
import { MatchViewRecord } from './match-view.repository';

/**
 * One batch's view of who belongs to whom, loaded once and kept current in memory while the
 * batch's records are linked one after another, so each record sees its predecessors' links
 * without a round trip. Only what changed is written back at the end.
 *
 * A candidate comes with its link but not with the rest of its person: most candidates are
 * strangers who share a birth date or a name, and their persons are never looked at again.
 * A person is complete when every record of it is here; only complete persons answer
 * othersIn (the chain guard, the same-source check), so a half-read person can never pass for
 * a whole one.
 */
export class LinkState {
  private readonly records = new Map<string, MatchViewRecord>();
  private readonly members = new Map<string, Set<string>>();
  private readonly complete = new Set<string>();

  /** Adds records; `completePersons` are persons all of whose records are among them (or here). */
  add(records: readonly MatchViewRecord[], completePersons: readonly string[] = []): void {
    for (const record of records) {
      if (this.records.has(record.recordId)) continue;
      this.records.set(record.recordId, { ...record });
      if (record.personId) this.membersOf(record.personId).add(record.recordId);
    }
    for (const personId of completePersons) this.complete.add(personId);
  }

  /** A person created in this batch: every record of it is here by construction. */
  markComplete(personId: string): void {
    this.complete.add(personId);
  }

  /** The persons among these that still have records not read. */
  incomplete(personIds: Iterable<string>): string[] {
    return [...new Set(personIds)].filter((p) => !this.complete.has(p));
  }

  /** How many records of the person are here. */
  recordCount(personId: string): number {
    return this.members.get(personId)?.size ?? 0;
  }

  recordById(recordId: string): MatchViewRecord | undefined {
    return this.records.get(recordId);
  }

  features(recordId: string): MatchFeatures | undefined {
    return this.records.get(recordId)?.features;
  }

  personOf(recordId: string): string | null {
    return this.records.get(recordId)?.personId ?? null;
  }

  /** The person's records, the given one excepted; the person must be complete. */
  othersIn(personId: string, except: string): MatchViewRecord[] {
    if (!this.complete.has(personId))
      throw new Error('othersIn of a person whose records were not all read');
    return [...this.membersOf(personId)]
      .filter((id) => id !== except)
      .map((id) => this.records.get(id) as MatchViewRecord);
  }

  personIds(): string[] {
    return [
      ...new Set(
        [...this.records.values()].map((r) => r.personId).filter((p): p is string => p !== null),
      ),
    ];
  }

  move(recordId: string, personId: string, kind: 'auto' | 'manual'): void {
    const record = this.records.get(recordId);
    if (!record) return;
    if (record.personId) this.membersOf(record.personId).delete(recordId);
    record.personId = personId;
    record.linkKind = kind;
    this.membersOf(personId).add(recordId);
  }

  private membersOf(personId: string): Set<string> {
    let set = this.members.get(personId);
    if (!set) {
      set = new Set();
      this.members.set(personId, set);
    }
    return set;
  }
}
