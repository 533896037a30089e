/** The options among `defaults`' keys that were given (not undefined), to spread over the defaults. */
export function givenOptions<T extends object>(defaults: T, options: object): Partial<T> {
  const given: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) given[key] = value;
  }
  return given as Partial<T>;
}
