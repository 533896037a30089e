/**
 * When load arrives (README "Load testing"), as pure functions of time since the run started (ms): when each
 * closed-model user starts, and the open model's rate and next arrival.
 */

/** The closed model: `users` at once, ramped linearly from 1 over `rampMs`. */
export interface UsersModel {
  kind: 'users';
  users: number;
}

/** The open model: `from` arrivals per second ramped linearly to `to` over `rampMs` (equal when not ramped). */
export interface RateModel {
  kind: 'rate';
  from: number;
  to: number;
}

export type LoadModel = UsersModel | RateModel;

/** When user `index` (from 0) of `users` starts: the first at once, the last when the ramp ends. */
export function userStartMs(index: number, users: number, rampMs: number): number {
  return users <= 1 ? 0 : (rampMs * index) / (users - 1);
}

/** Arrivals per second at `atMs`. */
export function rateAt(model: RateModel, atMs: number, rampMs: number): number {
  if (rampMs <= 0 || atMs >= rampMs) return model.to;
  return model.from + ((model.to - model.from) * atMs) / rampMs;
}

/** The arrival after one at `atMs`: 1/R seconds later, R taken at `atMs`. */
export function nextArrivalMs(model: RateModel, atMs: number, rampMs: number): number {
  return atMs + 1000 / rateAt(model, atMs, rampMs);
}

/** `users 50` or `rate 5/s` or `rate 1→20/s`: how the model reads in the summary. */
export function describeModel(model: LoadModel): string {
  if (model.kind === 'users') return `${model.users} users`;
  return model.from === model.to ? `${model.to}/s` : `${model.from}→${model.to}/s`;
}
