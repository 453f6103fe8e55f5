import { ConfigVariable } from './config-variables';
import { Environment } from './environment';

/** A variable's value, trimmed; null when unset or blank. */
export function text(env: Environment, name: ConfigVariable): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

/**
 * The one integer parser: `fallback` when unset or blank, else a whole number within
 * [min, max]; anything else stops the boot with the variable's name and the range.
 */
export function integer(
  env: Environment,
  name: ConfigVariable,
  fallback: number,
  range: { min: number; max?: number } = { min: 1 },
): number {
  const raw = text(env, name);
  if (raw === null) return fallback;
  const value = Number(raw);
  const { min, max } = range;
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    throw new Error(
      max === undefined
        ? `${name} must be an integer >= ${min}`
        : `${name} must be an integer from ${min} to ${max}`,
    );
  }
  return value;
}

/** `true` or `false`; `fallback` when unset. */
export function flag(env: Environment, name: ConfigVariable, fallback: boolean): boolean {
  const raw = text(env, name);
  if (raw === null) return fallback;
  if (raw !== 'true' && raw !== 'false') throw new Error(`${name} is true or false`);
  return raw === 'true';
}

/** A comma-separated list; empty entries dropped. */
export function list(env: Environment, name: ConfigVariable): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
