import { InvalidArgumentError } from 'commander';

/** A commander argument parser for a whole number in [min, max]; the message names what was typed. */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}, got "${value}".`);
    }
    return number;
  };
}

/** The most simulations `--concurrency` allows: beyond this a run only exhausts sockets. */
export const MAX_CONCURRENCY = 1000;
/** The most repetitions `--repeat` allows. */
export const MAX_REPEAT = 100_000;

/** A commander collector for a repeatable option (`--case a --case b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--pass-rate`: a share greater than 0 and at most 1 (`0.8`), or a percentage (`80%`). */
export function passRate(value: string): number {
  const text = value.trim();
  const number = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (text === '' || !Number.isFinite(number) || number <= 0 || number > 1) {
    throw new InvalidArgumentError(`Expected a share greater than 0 and at most 1 (such as 0.8 or 80%), got "${value}".`);
  }
  return number;
}
