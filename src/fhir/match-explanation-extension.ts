import { PairExplanation } from '../matching/score/explanation';
import { FhirExtension } from '../formats/fhir-patient';
import { MATCH_EXPLANATION_URL } from './fhir-resources';

/**
 * The reason for a $match score as an extension on the entry's `search` (pure): the total
 * weight in bits, the prior, the model version, the deterministic rule if one decided, the
 * person's record that matched best, and per compared field its level and weight. The two
 * compared values appear only when `revealValues` (the caller may see personal data); the
 * engine already withholds them otherwise, and identifiers are only ever relation words.
 */
export function explanationExtension(
  explanation: PairExplanation,
  recordId: string,
  revealValues: boolean,
): FhirExtension {
  return {
    url: MATCH_EXPLANATION_URL,
    extension: [
      { url: 'totalWeight', valueDecimal: round(explanation.totalWeight) },
      { url: 'priorWeight', valueDecimal: round(explanation.prior.weight) },
      { url: 'modelVersion', valueInteger: explanation.modelVersion },
      { url: 'matchedRecord', valueReference: { reference: `Patient/${recordId}` } },
      ...(explanation.rule
        ? [{ url: 'rule', valueString: `${explanation.rule.rule}: ${explanation.rule.reason}` }]
        : []),
      ...explanation.comparisons.map((c) => ({
        url: 'comparison',
        extension: [
          { url: 'field', valueCode: c.comparisonId },
          { url: 'level', valueCode: c.levelId },
          { url: 'weight', valueDecimal: round(c.weight) },
          ...(revealValues && c.values[0] ? [{ url: 'queryValue', valueString: c.values[0] }] : []),
          ...(revealValues && c.values[1]
            ? [{ url: 'recordValue', valueString: c.values[1] }]
            : []),
        ],
      })),
    ],
  };
}

/** Bits to three decimals: enough to add up, short enough to read. */
function round(weight: number): number {
  return Math.round(weight * 1000) / 1000;
}
