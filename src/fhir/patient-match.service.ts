import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { MatchFeatures, NormalizationIssue } from '../matching/record-types';
import { weightOfProbability } from '../matching/score/match-weight';
import { MatchQueryService, ScoredPerson } from '../retrieval/match-query.service';
import { MatchModelProvider } from '../retrieval/match-model.provider';
import { PairScorer } from '../retrieval/pair-scorer';
import { AuditService } from '../audit/audit.service';
import { FhirConfig } from '../config/fhir-section';
import { FHIR_CONFIG } from './fhir-config';
import { FhirBundle, OutcomeNote } from './fhir-resources';
import { matchBundle } from './match-bundle';
import { matchInput } from './match-input';
import { missingEvidence } from './match-minimum';
import { parseMatchRequest } from './match-request';
import { selectMatches } from './match-selection';
import { PersonWithRecords } from './fhir-patient.repository';
import { PatientViewService } from './patient-view.service';
import { FhirPatient } from '../formats/fhir-patient';

/**
 * Persons whose golden records are read with the candidates, in the same statement. A query
 * meets about two at 100,000 records; past this many, those released are read after scoring.
 */
export const PERSONS_READ_AHEAD = 50;

/** Where a dropped query value sits in the Patient, for the warning. */
const ISSUE_PATHS: Record<string, string> = {
  ssn: 'Patient.identifier',
  other_identifiers: 'Patient.identifier',
  phone: 'Patient.telecom',
  email: 'Patient.telecom',
  birth_date: 'Patient.birthDate',
  postal_code: 'Patient.address.postalCode',
};

/**
 * Patient/$match: the ingest path's normalize, tokenize, block, score and classify without
 * storing anything, answered with golden records. Every call that gets this far is audited
 * as a disclosure: the persons released, or that none were.
 */
@Injectable()
export class PatientMatchService {
  constructor(
    private readonly query: MatchQueryService,
    private readonly scorer: PairScorer,
    private readonly models: MatchModelProvider,
    private readonly view: PatientViewService,
    private readonly audit: AuditService,
    @Inject(FHIR_CONFIG) private readonly config: FhirConfig,
  ) {}

  async match(body: unknown, actor: Principal, baseUrl: string): Promise<FhirBundle> {
    const request = parseMatchRequest(body);
    const input = matchInput(request.patient);
    const { features, issues } = this.query.queryOf(input.record);
    const missing = missingEvidence(features);
    if (missing.length > 0)
      throw new MpiError('invalid-input', 'the Patient has too little to match on', missing);
    const revealValues = actor.permissions.has('review');
    const count = Math.min(
      request.count ?? this.config.matchCountDefault,
      this.config.matchCountMax,
    );
    const found = await this.view.matchCandidates(
      this.query.lookupOf(features),
      PERSONS_READ_AHEAD,
    );
    const result = this.query.rank(features, found.candidates);
    const selection = selectMatches(result.matches, {
      onlyCertainMatches: request.onlyCertainMatches,
      count,
      truncated: result.truncated,
      certainWeight: weightOfProbability(this.models.model.thresholds.certain),
    });
    // The disclosure is committed before anything is sent (and while the golden records are
    // read, when they were not read with the candidates). Candidates come from active persons
    // only, so the persons selected are the persons released, unless one is merged away in
    // that very instant; the audit then names one person more than the answer holds, never
    // one fewer.
    const [patients] = await Promise.all([
      this.releasedPatients(
        found.persons,
        selection.matches.map((m) => m.personId),
      ),
      this.disclose(actor, selection.matches, {
        onlyCertainMatches: request.onlyCertainMatches,
        count,
        truncated: result.truncated,
      }),
    ]);
    const released = selection.matches
      .filter((m) => patients.has(m.personId))
      .map((m) => this.query.explain(features, m, revealValues));
    const notes = request.onlyCertainMatches
      ? []
      : [
          ...input.notes,
          ...issues.map(issueNote),
          ...selection.notes,
          ...this.unreachable(features, released.length),
        ];
    return matchBundle({
      id: randomUUID(),
      baseUrl,
      matches: released,
      patients,
      notes,
      revealValues,
      now: new Date(),
    });
  }

  /** The golden Patients of the persons selected: from those read ahead, else read now. */
  private async releasedPatients(
    readAhead: readonly PersonWithRecords[] | null,
    personIds: readonly string[],
  ): Promise<Map<string, FhirPatient>> {
    if (readAhead === null) return this.view.goldenPatients(personIds);
    const selected = new Set(personIds);
    return this.view.goldenPatientsOf(readAhead.filter((p) => selected.has(p.person.id)));
  }

  /** The disclosure: which persons (and their best records) went out, or that none did. */
  private disclose(
    actor: Principal,
    released: readonly ScoredPerson[],
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.recordAlone(actor, {
      action: 'match.query',
      outcome: 'success',
      personIds: released.map((r) => r.personId),
      recordIds: released.map((r) => r.recordId),
      detail: {
        via: 'fhir',
        released: released.length,
        grades: released.map((r) => r.matchClass),
        ...detail,
      },
    });
  }

  /** An empty answer from fields that form no blocking key says nothing: tell the caller. */
  private unreachable(features: MatchFeatures, found: number): OutcomeNote[] {
    if (found > 0 || this.scorer.storedBlockKeys(features).length > 0) return [];
    return [
      {
        severity: 'information',
        code: 'informational',
        diagnostics:
          'the fields given cannot retrieve candidates: add a birth date, a phone, an identifier or a postal code with the family name',
      },
    ];
  }
}

function issueNote(issue: NormalizationIssue): OutcomeNote {
  return {
    severity: 'warning',
    code: 'value',
    diagnostics: issue.reason,
    expression: [ISSUE_PATHS[issue.field] ?? 'Patient'],
  };
}
