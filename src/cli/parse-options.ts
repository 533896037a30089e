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
