import { PersonMatch } from '../retrieval/match-query.service';
import { FhirPatient } from '../formats/fhir-patient';
import { FhirBundle, FhirBundleEntry, MATCH_GRADE_URL, OutcomeNote } from './fhir-resources';
import { explanationExtension } from './match-explanation-extension';

/**
 * The $match answer (pure): a searchset Bundle of golden-record Patients, best first, each
 * entry with search.mode `match`, search.score (the match probability, 0..1) and the
 * match-grade and explanation extensions; warnings follow as an OperationOutcome entry with
 * search.mode `outcome` (IHE ITI-119 case 10). An empty answer is an empty Bundle.
 */
export interface MatchBundleInput {
  id: string;
  baseUrl: string;
  matches: readonly PersonMatch[];
  patients: ReadonlyMap<string, FhirPatient>;
  notes: readonly OutcomeNote[];
  revealValues: boolean;
  now: Date;
}

export function matchBundle(input: MatchBundleInput): FhirBundle {
  const entries: FhirBundleEntry[] = input.matches.flatMap((match) => {
    const patient = input.patients.get(match.personId);
    return patient ? [matchEntry(input.baseUrl, match, patient, input.revealValues)] : [];
  });
  const count = entries.length;
  if (input.notes.length > 0) {
    entries.push({
      resource: {
        resourceType: 'OperationOutcome',
        issue: input.notes.map((note) => ({ ...note })),
      },
      search: { mode: 'outcome' },
    });
  }
  return {
    resourceType: 'Bundle',
    id: input.id,
    meta: { lastUpdated: input.now.toISOString() },
    type: 'searchset',
    total: count,
    ...(entries.length > 0 ? { entry: entries } : {}),
  };
}

function matchEntry(
  baseUrl: string,
  match: PersonMatch,
  patient: FhirPatient,
  revealValues: boolean,
): FhirBundleEntry {
  return {
    fullUrl: `${baseUrl}/Patient/${match.personId}`,
    resource: patient,
    search: {
      mode: 'match',
      score: score(match.probability),
      extension: [
        { url: MATCH_GRADE_URL, valueCode: grade(match) },
        explanationExtension(match.explanation, match.recordId, revealValues),
      ],
    },
  };
}

/** Six decimals keep the order (rounding is monotone) and stay readable. */
function score(probability: number): number {
  return Math.min(1, Math.max(0, Math.round(probability * 1e6) / 1e6));
}

/** The match-grade codes are the MPI's classes; `no-match` never reaches an answer. */
function grade(match: PersonMatch): 'certain' | 'probable' | 'possible' | 'certainly-not' {
  return match.matchClass === 'no-match' ? 'certainly-not' : match.matchClass;
}
