/**
 * k6-style pass criteria over a whole load run (README "Load testing"): `reply.p95<2000`, `error.rate<0.01`.
 * Pure: parsing and evaluation only; the measures come from {@link ./measures.ts}.
 */

/** The metrics a threshold may name, each with the statistics it has. */
export const THRESHOLD_METRICS = {
  reply: ['p50', 'p90', 'p95', 'p99', 'max', 'avg'],
  complete: ['p50', 'p90', 'p95', 'p99', 'max', 'avg'],
  connect: ['p50', 'p90', 'p95', 'p99', 'max', 'avg'],
  error: ['rate', 'count'],
  failed: ['rate', 'count'],
  passed: ['rate', 'count'],
  skipped: ['count'],
} as const;

export type ThresholdMetric = keyof typeof THRESHOLD_METRICS;
type Operator = '<' | '<=' | '>' | '>=' | '==';

/** One parsed `--threshold`. */
export interface Threshold {
  /** As typed, spaces removed: `reply.p95<2000`. */
  expr: string;
  /** `reply.p95`: a metric and its statistic. */
  measure: string;
  op: Operator;
  limit: number;
}

/** A threshold's outcome, as in `--json` (`t` of README "Load testing"); `value` is null when nothing was measured. */
export interface ThresholdOutcome {
  expr: string;
  value: number | null;
  ok: boolean;
}

const EXPRESSION = /^([a-z]+)\.([a-z0-9]+)(<=|>=|==|<|>)(-?\d+(?:\.\d+)?)$/;

const COMPARE: Record<Operator, (value: number, limit: number) => boolean> = {
  '<': (v, l) => v < l,
  '<=': (v, l) => v <= l,
  '>': (v, l) => v > l,
  '>=': (v, l) => v >= l,
  '==': (v, l) => v === l,
};

function known(metric: string, stat: string): boolean {
  const stats = (THRESHOLD_METRICS as Record<string, readonly string[]>)[metric];
  return stats !== undefined && stats.includes(stat);
}

const METRIC_LIST = Object.entries(THRESHOLD_METRICS)
  .map(([metric, stats]) => `${metric}.{${stats.join(',')}}`)
  .join(', ');

/**
 * Reads one `--threshold` expression.
 * @throws Error saying what is wrong: the shape, the operator, or an unknown metric (with the list).
 */
export function parseThreshold(text: string): Threshold {
  const expr = text.replace(/\s+/g, '');
  const match = EXPRESSION.exec(expr);
  if (!match) {
    const op = /^[a-z]+\.[a-z0-9]+([^\w\s.-]+)-?\d/.exec(expr)?.[1];
    if (op) throw new Error(`"${text}": unknown operator "${op}" (operators: <, <=, >, >=, ==)`);
    throw new Error(`"${text}" is not metric.stat<op>number, such as reply.p95<2000`);
  }
  const [, metric, stat, op, limit] = match as unknown as [string, string, string, Operator, string];
  if (!known(metric, stat)) throw new Error(`"${text}": unknown metric ${metric}.${stat}; known: ${METRIC_LIST}`);
  return { expr, measure: `${metric}.${stat}`, op, limit: Number(limit) };
}

/** Each threshold against the run's measures; an unmeasured value (no replies at all) fails. */
export function evaluateThresholds(thresholds: readonly Threshold[], measure: (name: string) => number | null): ThresholdOutcome[] {
  return thresholds.map((threshold) => {
    const value = measure(threshold.measure);
    return { expr: threshold.expr, value, ok: value !== null && COMPARE[threshold.op](value, threshold.limit) };
  });
}

/** `Threshold failed: reply.p95<2000 (measured 2412.3)`, the stderr line of README "Load testing". */
export function thresholdFailure(outcome: ThresholdOutcome): string {
  return `Threshold failed: ${outcome.expr} (measured ${outcome.value === null ? 'nothing' : formatValue(outcome.value)})`;
}

/** A measured value to 0.1 (latencies), or to 4 places below 1 (rates). */
export function formatValue(value: number): string {
  return String(Math.abs(value) < 1 && value !== 0 ? Number(value.toFixed(4)) : Number(value.toFixed(1)));
}
