import { readFileSync } from 'node:fs';
import type { SimulationResult } from '../../machines/types.js';

/** A results file that is not what `parley run` writes: said with the file and line. */
export class ResultsFileError extends Error {
  override name = 'ResultsFileError';
}

const VERDICTS = new Set(['passed', 'failed', 'error']);

/** The fields every report reads; anything else a line holds is kept as it is. */
function problemWith(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  if (typeof record.caseId !== 'string') return 'no caseId';
  if (typeof record.iteration !== 'number') return 'no iteration';
  if (typeof record.verdict !== 'string' || !VERDICTS.has(record.verdict)) return 'no verdict (passed, failed or error)';
  if (!Array.isArray(record.transcript)) return 'no transcript';
  return null;
}

/** Fills what an older or hand-made line may lack, so every reporter can rely on the shape. */
function normalise(record: Record<string, unknown>): SimulationResult {
  return {
    error: null,
    startedAt: '',
    durationMs: 0,
    timings: { setupMs: null, connectMs: null, handshakeMs: null },
    expectations: [],
    dropped: { binary: 0, invalidJson: 0, direction: 0, type: 0, noText: 0 },
    ...record,
  } as unknown as SimulationResult;
}

/**
 * Every result of a JSONL file as `parley run` writes it (README "Test sets"). Blank lines are skipped; a
 * line that is not a result is an error naming the file and line, never silently dropped.
 * @throws ResultsFileError
 */
export function readResults(file: string): SimulationResult[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? String(error));
    throw new ResultsFileError(`Cannot read results from ${file}: ${why}`);
  }
  const results: SimulationResult[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ResultsFileError(`${file}:${index + 1}: not JSON (is this a results file from parley run?)`);
    }
    const problem = problemWith(value);
    if (problem) throw new ResultsFileError(`${file}:${index + 1}: not a Parley result (${problem})`);
    results.push(normalise(value as Record<string, unknown>));
  });
  return results;
}

/** The wall time the results span: first start to last end (results do not record the run's own). */
export function spanMs(results: readonly SimulationResult[]): number {
  const spans = results
    .map((result) => ({ start: Date.parse(result.startedAt), duration: result.durationMs }))
    .filter((span) => Number.isFinite(span.start));
  if (spans.length === 0) return results.reduce((total, result) => total + result.durationMs, 0);
  const start = Math.min(...spans.map((span) => span.start));
  const end = Math.max(...spans.map((span) => span.start + span.duration));
  return Math.max(0, end - start);
}
