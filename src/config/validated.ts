/**
 * Which configs came out of validation. Its own module so that load.ts (which marks) and ensure.ts
 * (which checks, and validates the rest through load.ts) do not import each other.
 */
const validated = new WeakSet<object>();

/** Records that `config` is a validated, defaulted config. */
export function markValidated<T extends object>(config: T): T {
  validated.add(config);
  return config;
}

export function isValidated(config: object): boolean {
  return validated.has(config);
}
