import { Random } from '../seeded-random';
import { FAMILY_FACTS } from './family-facts';
import { dayInWindow } from './family-households';
import { FamilyPerson, relate } from './family-person';

/**
 * Names that change or repeat inside a family: a wife's surname after marriage (Pew 2023), and
 * a son named after his father (Jr / Sr, state vital statistics).
 */

const spouseOf = (person: FamilyPerson, people: readonly FamilyPerson[]) =>
  people.find((p) =>
    person.relations.some((r) => r.kind === 'spouse-of' && r.entity === p.entityId),
  );

/**
 * A married woman's surname: took her husband's (the seed's shared surname; before a marriage
 * inside the window, records carry her maiden name), kept her own, or hyphenated both.
 * `marriedInWindow` is the chance the marriage falls inside the registration window.
 */
export function marriedNames(
  people: readonly FamilyPerson[],
  drawSurname: () => string,
  marriedInWindow: number,
  random: Random,
): void {
  for (const wife of people) {
    const husband = spouseOf(wife, people);
    if (wife.sex !== 'female' || husband?.sex !== 'male') continue;
    const maiden = drawSurname();
    const { took, kept, hyphenated } = FAMILY_FACTS.marriedName;
    const choice = random.weighted([took, kept, hyphenated]);
    wife.birthFamily = maiden;
    if (choice === 1) {
      wife.family = maiden;
      wife.traits.add('kept-name');
      continue;
    }
    if (choice === 2) wife.family = `${maiden}-${husband.family}`;
    wife.traits.add(choice === 2 ? 'hyphenated-name' : 'married-name');
    if (random.chance(marriedInWindow)) {
      wife.before = { family: maiden, until: dayInWindow(random) };
    }
  }
}

/** A boy living with his father, named after him: given and middle name, Jr and Sr. */
export function namesakes(people: readonly FamilyPerson[], random: Random): void {
  for (const son of people) {
    if (son.sex !== 'male' || son.suffix !== undefined || son.multipleBirth !== undefined) continue;
    const father = people.find(
      (p) =>
        p.sex === 'male' &&
        p.suffix === undefined &&
        p.family === son.family &&
        son.relations.some((r) => r.kind === 'child-of' && r.entity === p.entityId),
    );
    if (!father || !random.chance(FAMILY_FACTS.juniorBoys)) continue;
    son.given = father.given;
    son.middle = father.middle;
    son.suffix = 'Jr';
    father.suffix = 'Sr';
    son.traits.add('generational').add('junior');
    father.traits.add('generational').add('senior');
    relate(son, 'generational-of', father);
    relate(father, 'generational-of', son);
  }
}
