import type { JudgementEntry, SimulationResult } from '../../machines/types.js';
import { caseLabel } from './case-label.js';
import { shorten } from './format.js';

/** ` · simulated, 4 turns, goal`: how a simulated user's conversation went, for the progress line. */
export function simulationNote(result: SimulationResult): string {
  if (!result.simulated) return '';
  const turns = result.transcript.filter((entry) => entry.role === 'user').length;
  return ` · simulated, ${turns} turn${turns === 1 ? '' : 's'}, ${result.stopReason ?? 'error'}`;
}

const VERDICT_MARK: Record<JudgementEntry['verdict'], string> = { pass: 'pass', fail: 'FAIL', inconclusive: '??? ' };

/**
 * The judge's finding per criterion for every judged simulation (README "Simulated users and judges"), so a passing run
 * shows what was checked, not only a failing one.
 */
export function judgementLines(results: readonly SimulationResult[], repeated: boolean): string[] {
  const judged = results.filter((result) => result.judgement !== undefined);
  if (judged.length === 0) return [];
  const lines = ['', 'Judgements:'];
  for (const result of judged) {
    lines.push(`  ${caseLabel(result, repeated)}${simulationNote(result)}`);
    for (const entry of result.judgement!) {
      const reasoning = entry.reasoning ? ` — ${shorten(entry.reasoning, 120)}` : '';
      lines.push(`    ${VERDICT_MARK[entry.verdict].padEnd(4)} ${entry.criterion}${reasoning}`);
    }
  }
  return lines;
}
