import { describe, expect, it } from 'vitest';
import { SummaryBuilder } from '../../../src/engine/summary.js';
import { githubAnnotations, stepSummaryMarkdown } from '../../../src/report/github.js';
import { failedResult } from '../../helpers/results.js';

const plain = (text: string) => text;

describe('GitHub Actions annotations and step summary (README "Reports and CI")', () => {
  it('one ::error line per failing simulation, titled <case id>#<iteration>, with what came', () => {
    const [line] = githubAnnotations([failedResult('refund', 'We open at 9 am.', { iteration: 3 })], plain);
    expect(line).toBe('::error title=refund#3::[expectation-failed] Expectation failed: the reply to turn 1 contains "refund" — got "We open at 9 am."');
  });

  it('at most 10, then one line counting the rest', () => {
    const failures = Array.from({ length: 13 }, (_, i) => failedResult(`c${i}`, 'no'));
    const lines = githubAnnotations(failures, plain);
    expect(lines).toHaveLength(11);
    expect(lines.slice(0, 10).every((line) => line.startsWith('::error title=c'))).toBe(true);
    expect(lines[10]).toBe('::notice title=parley::3 more failing simulations (see the step summary)');
  });

  it('escapes what would end or split the command: %, line breaks, and : , in the title', () => {
    const result = failedResult('a:b,c', '100%', { error: { code: 'agent-error', message: 'Agent reported an error: line one\nline two' } });
    const [line] = githubAnnotations([result], plain);
    expect(line).toMatch(/^::error title=a%3Ab%2Cc#1::/);
    expect(line).toContain('100%25');
    expect(line).not.toContain('\n');
    expect(line).toContain('%0A');
  });

  it('the step summary is Markdown with the counts, latency and each failure', () => {
    const failure = failedResult('refund', 'a | b <script>');
    const builder = new SummaryBuilder();
    builder.add(failure);
    const markdown = stepSummaryMarkdown({
      title: 'smoke',
      summary: builder.build({ durationMs: 500, out: null, cancelled: false }),
      failures: [failure],
      repeated: false,
      redact: plain,
    });
    expect(markdown).toContain('### ❌ Parley: smoke');
    expect(markdown).toContain('| 1 | 0 | 1 | 0 | 100 ms | 100 ms | 100 ms | 500 ms |');
    expect(markdown).toContain('| refund | failed | `expectation-failed` Expectation failed: the reply to turn 1 contains "refund" — got "a \\| b &lt;script&gt;" |');
  });
});
