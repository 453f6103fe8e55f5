import { MatchFeatures } from '../matching/record-types';
import { MatchViewRecord } from './person.repository';

/**
 * One batch's view of who belongs to whom, loaded once and kept current in memory while the
 * batch's records are linked one after another, so each record sees its predecessors' links
 * without a round trip. Only what changed is written back at the end.
 */
export class LinkState {
  private readonly records = new Map<string, MatchViewRecord>();
  private readonly members = new Map<string, Set<string>>();

  add(records: readonly MatchViewRecord[]): void {
    for (const record of records) {
      if (this.records.has(record.recordId)) continue;
      this.records.set(record.recordId, { ...record });
      if (record.personId) this.membersOf(record.personId).add(record.recordId);
    }
  }

  record(recordId: string): MatchViewRecord | undefined {
    return this.records.get(recordId);
  }

  features(recordId: string): MatchFeatures | undefined {
    return this.records.get(recordId)?.features;
  }

  personOf(recordId: string): string | null {
    return this.records.get(recordId)?.personId ?? null;
  }

  /** The person's records, the given one excepted. */
  othersIn(personId: string, except: string): MatchViewRecord[] {
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
