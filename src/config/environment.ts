import { ConfigVariable } from './config-variables';

/** The process environment as configuration reads it. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The environment of this process: the one place in src/ that reads `process.env`. Every
 * loader takes an Environment, so tests hand theirs in and nothing reads it behind its back.
 */
export function environment(): Environment {
  return process.env;
}

/** Sets the variables the environment leaves unset: the command line's own defaults. */
export function defaultEnvironment(values: Partial<Record<ConfigVariable, string>>): void {
  for (const [name, value] of Object.entries(values)) process.env[name] ??= value;
}

/** Runs `work` with these variables set, then puts the environment back as it was. */
export async function withEnvironment<T>(
  values: Partial<Record<ConfigVariable, string>>,
  work: () => Promise<T>,
): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, values);
  try {
    return await work();
  } finally {
    process.env = saved;
  }
}
