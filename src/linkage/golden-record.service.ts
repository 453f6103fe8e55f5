import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PersonRepository } from './person.repository';
import { SurvivorshipRules, computeGoldenRecord, defaultSurvivorshipRules } from './survivorship';

/** Recomputes golden records whenever their links change; pins survive every recompute. */
@Injectable()
export class GoldenRecordService {
  readonly rules: SurvivorshipRules = defaultSurvivorshipRules(
    (process.env.MPI_SOURCE_TRUST ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );

  constructor(private readonly persons: PersonRepository) {}

  async recompute(manager: EntityManager, personIds: string[]): Promise<void> {
    const ids = [...new Set(personIds)].sort();
    if (ids.length === 0) return;
    const members = await this.persons.recordsOfPersons(manager, ids);
    for (const personId of ids) {
      const state = await this.persons.personState(manager, personId);
      if (!state) continue;
      const contributors = members.filter((m) => m.personId === personId);
      const golden = computeGoldenRecord(contributors, this.rules, state.pins);
      await this.persons.saveGolden(
        manager,
        personId,
        golden,
        contributors.map((c) => c.recordId),
      );
    }
  }
}
