/**
 * Checks for reading untyped JSON into typed values. Each throws InvalidMatchModelError
 * naming the JSON path, so a hand-edited model file fails with a message that says where.
 */
export class InvalidMatchModelError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`invalid match model at ${path}: ${reason}`);
    this.name = 'InvalidMatchModelError';
  }
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function objectAt(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidMatchModelError(path, 'must be an object');
  }
  return value as JsonObject;
}

export function arrayAt(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new InvalidMatchModelError(path, 'must be an array');
  return value;
}

export function stringAt(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '')
    throw new InvalidMatchModelError(path, 'must be a non-empty string');
  return value;
}

export function optionalStringAt(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : stringAt(value, path);
}

/** A finite number in (low, high] (exclusive low, inclusive high). */
export function numberAt(value: unknown, path: string, low: number, high: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > low && value <= high)) {
    throw new InvalidMatchModelError(
      path,
      `must be a number greater than ${low} and at most ${high}`,
    );
  }
  return value;
}

export function optionalNumberAt(
  value: unknown,
  path: string,
  low: number,
  high: number,
): number | undefined {
  return value === undefined ? undefined : numberAt(value, path, low, high);
}

export function integerAt(value: unknown, path: string, minimum: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new InvalidMatchModelError(path, `must be an integer of at least ${minimum}`);
  }
  return value;
}

/** Throws when a key appears that the shape does not know (a typo would otherwise be ignored). */
export function onlyKeys(object: JsonObject, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key))
      throw new InvalidMatchModelError(`${path}.${key}`, 'is not a known property');
  }
}

export function uniqueIds(ids: readonly string[], path: string): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id))
      throw new InvalidMatchModelError(`${path}[${index}].id`, `duplicates id "${id}"`);
    seen.add(id);
  });
}
