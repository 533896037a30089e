import type { SimulationResult, TranscriptEntry } from '../../../machines/types.js';
import { failureDetails } from '../failures.js';
import { formatMs, frameNotes, timingNotes } from '../format.js';
import { escapeXml as esc } from '../xml.js';

/**
 * One simulation: verdict, what went wrong, timings, drops and the transcript turn by turn;
 * `source` (the results file it came from) is named beside its label.
 */
export function simulationSection(result: SimulationResult, redact: (text: string) => string, source?: string): string {
  const failing = result.verdict !== 'passed';
  const details = failureDetails(result);
  const why = details.map((detail) => `<div class="why">[${esc(detail.code)}] ${esc(redact(detail.message))}</div>`).join('');
  const label = `${result.caseId} #${result.iteration}`;
  return [
    `<details class="sim" data-verdict="${result.verdict}"${failing ? ' open' : ''}>`,
    `<summary><span class="badge ${result.verdict}">${result.verdict}</span> <strong>${esc(label)}</strong> <span class="muted">${formatMs(result.durationMs)}${source === undefined ? '' : ` · ${esc(source)}`}</span></summary>`,
    why,
    `<div class="facts">${esc(facts(result))}</div>`,
    transcriptTable(result, redact),
    '</details>',
  ].join('');
}

function facts(result: SimulationResult): string {
  const timing = [`started ${result.startedAt}`, ...timingNotes(result.timings)];
  return `${timing.join(' · ')} · frames ${frameNotes(result.dropped)}`;
}

/** The user turns an expectation failed on: their replies are highlighted. */
function failingTurns(result: SimulationResult): Set<number> {
  return new Set(result.expectations.filter((expectation) => !expectation.ok).map((expectation) => expectation.turn));
}

/** A reply's buttons as chips under its text, and each attachment as its JSON (README "Buttons, cards and clicks"). */
function cardsHtml(entry: Extract<TranscriptEntry, { role: 'agent' }>, redact: (text: string) => string): string {
  const chips = (entry.choices ?? []).map((choice) => `<span class="chip" title="${esc(redact(choice.payload))}">${esc(redact(choice.title))}</span>`).join('');
  const attachments = (entry.attachments ?? []).map((item) => `<code class="attachment">${esc(redact(JSON.stringify(item) ?? ''))}</code>`).join('');
  return `${chips ? `<div class="chips">${chips}</div>` : ''}${attachments ? `<div class="attachments">${attachments}</div>` : ''}`;
}

function transcriptTable(result: SimulationResult, redact: (text: string) => string): string {
  const failing = failingTurns(result);
  let userTurn = 0;
  const rows = result.transcript.map((entry: TranscriptEntry) => {
    if (entry.role === 'user') {
      userTurn += 1;
      const clicked = entry.click ? '<span class="chip clicked">clicked</span> ' : '';
      return `<tr><td class="num">${userTurn}</td><td class="who">user</td><td class="text">${clicked}${esc(redact(entry.text))}</td><td class="num"></td><td class="num"></td></tr>`;
    }
    const isReply = entry.latencyMs !== undefined || entry.timedOut;
    const highlight = (isReply && failing.has(userTurn)) || (entry.timedOut && result.verdict !== 'passed');
    const notes = [
      entry.messages.length > 1 ? `${entry.messages.length} messages` : null,
      entry.timedOut ? 'timed out' : null,
      entry.truncated ? 'truncated' : null,
      isReply ? null : 'unasked',
    ].filter(Boolean);
    const text = entry.text === '' ? (entry.attachments?.length ? '' : '(nothing)') : redact(entry.text);
    return `<tr${highlight ? ' class="failing"' : ''}><td class="num"></td><td class="who">agent</td><td class="text">${esc(text)}${cardsHtml(entry, redact)}</td><td class="num">${entry.latencyMs === undefined ? '' : formatMs(entry.latencyMs)}</td><td class="num">${esc(notes.join(', '))}</td></tr>`;
  });
  if (rows.length === 0) return '<p class="muted">No conversation was had.</p>';
  return `<table class="transcript"><thead><tr><th>turn</th><th>who</th><th>text</th><th>latency</th><th>notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
