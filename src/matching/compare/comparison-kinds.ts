import { ComparisonDefinition, ComparisonKindName } from '../model/match-model';
import { addressComparison } from './address-comparison';
import { birthDateComparison } from './birth-date-comparison';
import { cityComparison } from './city-comparison';
import { Comparator, ComparisonDefinitionError, ComparisonKind } from './comparator';
import { emailLocalPartComparison } from './email-local-part-comparison';
import { familyNameComparison } from './family-name-comparison';
import { givenNameComparison } from './given-name-comparison';
import { identifierComparison } from './identifier-comparison';
import { middleNameComparison } from './middle-name-comparison';
import { multipleBirthComparison } from './multiple-birth-comparison';
import { otherIdentifierComparison } from './other-identifier-comparison';
import { sexComparison } from './sex-comparison';
import { textComparison } from './text-comparison';

/** Every comparison kind a model may name, by its `kind`. */
export const COMPARISON_KINDS: Readonly<Record<ComparisonKindName, ComparisonKind>> = {
  'given-name': givenNameComparison,
  'family-name': familyNameComparison,
  'middle-name': middleNameComparison,
  text: textComparison,
  address: addressComparison,
  'birth-date': birthDateComparison,
  sex: sexComparison,
  identifier: identifierComparison,
  'other-identifier': otherIdentifierComparison,
  'multiple-birth': multipleBirthComparison,
  city: cityComparison,
  'email-local-part': emailLocalPartComparison,
};

export function isComparisonKindName(name: string): name is ComparisonKindName {
  return Object.hasOwn(COMPARISON_KINDS, name);
}

/** Compiles one comparison definition; throws ComparisonDefinitionError when it is malformed. */
export function compileComparator(definition: ComparisonDefinition): Comparator {
  if (!isComparisonKindName(definition.kind)) {
    throw new ComparisonDefinitionError(
      `comparison "${definition.id}": unknown kind "${String(definition.kind)}"`,
    );
  }
  return COMPARISON_KINDS[definition.kind](definition);
}
