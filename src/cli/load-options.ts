import { InvalidArgumentError } from 'commander';
import { formatDuration, parseDuration } from '../load/duration.js';
import type { LoadModel } from '../load/pace.js';
import { parseThreshold, type Threshold } from '../load/thresholds.js';
import { usageError } from './exit-codes.js';
import type { LoadFlags } from './flags/load.js';

/** Commander's message for a parser's problem, so the usage error names the flag it came from. */
function asArgumentError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

/** `--duration`, `--window`: a duration above zero, in ms. */
export function positiveDuration(value: string): number {
  const ms = asArgumentError(() => parseDuration(value));
  if (ms <= 0) throw new InvalidArgumentError(`Expected a duration above zero, got "${value}".`);
  return ms;
}

/** `--ramp`, `--grace`: a duration, zero allowed, in ms. */
export function duration(value: string): number {
  return asArgumentError(() => parseDuration(value));
}

const RATE = /^(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/;

/** `--rate 5` or `--rate 1:20` (ramped): arrivals per second, each above zero. */
export function rate(value: string): [number, number] {
  const match = RATE.exec(value.trim());
  const from = Number(match?.[1]);
  const to = match?.[2] === undefined ? from : Number(match[2]);
  if (!match || !(from > 0) || !(to > 0)) {
    throw new InvalidArgumentError(`Expected arrivals per second above zero (such as 5, 0.5 or 1:20 for a ramp), got "${value}".`);
  }
  return [from, to];
}

/** `--threshold` (repeatable): each parsed as it is read. */
export function threshold(value: string, previous: Threshold[] = []): Threshold[] {
  return [...previous, asArgumentError(() => parseThreshold(value))];
}

/** The model of `--users` or `--rate`, with every cross-flag rule checked (exit 2 naming the flag). */
export function loadModelOf(flags: LoadFlags): LoadModel {
  if (flags.users !== undefined && flags.rate !== undefined) throw usageError('parley load: give --users (closed model) or --rate (open model), not both');
  if (flags.users === undefined && flags.rate === undefined) throw usageError('parley load: give --users <n> (closed model) or --rate <r> (open model)');
  if (flags.ramp > flags.duration) {
    throw usageError(`parley load: --ramp ${formatDuration(flags.ramp)} is longer than --duration ${formatDuration(flags.duration)}`);
  }
  if (flags.users !== undefined) return { kind: 'users', users: flags.users };
  const [from, to] = flags.rate!;
  return { kind: 'rate', from, to };
}
