import { describe, expect, it } from 'vitest';
import { quoteGot } from '../../src/engine/expectation-text.js';
import { judgeFailure, readJudgement } from '../../src/models/judge.js';
import { readUserAnswer, STOP_MARKER } from '../../src/models/simulated-user.js';

describe('reading the judge (README "Simulated users and judges")', () => {
  const read = readJudgement(['Asks for the order number', 'Offers store credit']);

  it('reads the verdicts, in the configured order, from plain or fenced JSON', () => {
    const answer = '```json\n{"criteria":[{"criterion":"offers store credit","verdict":"FAIL","reasoning":"No."},{"criterion":"Asks for the order number","verdict":"pass","reasoning":"Yes."}]}\n```';
    expect(read(answer)).toEqual([
      { criterion: 'Asks for the order number', verdict: 'pass', reasoning: 'Yes.' },
      { criterion: 'Offers store credit', verdict: 'fail', reasoning: 'No.' },
    ]);
  });

  it('never passes on doubt: a criterion left out is inconclusive', () => {
    const judgement = read('{"criteria":[{"criterion":"Asks for the order number","verdict":"pass"}]}');
    expect(judgement[1]).toMatchObject({ criterion: 'Offers store credit', verdict: 'inconclusive' });
    expect(judgeFailure(judgement)?.message).toBe('Judge: criterion not met: "Offers store credit" (inconclusive: The judge gave no verdict for this criterion.)');
  });

  it('refuses what is not the JSON asked for (the client then asks once more)', () => {
    expect(() => read('It went well.')).toThrow();
    expect(() => read('{"criteria":[{"criterion":"x","verdict":"maybe"}]}')).toThrow('not the JSON asked for');
  });
});

describe('reading the simulated user', () => {
  it('takes the marker anywhere as a stop, and never keeps it in the text', () => {
    expect(readUserAnswer(STOP_MARKER)).toEqual({ stop: true, text: '' });
    expect(readUserAnswer(`Thanks, bye! ${STOP_MARKER}`)).toEqual({ stop: true, text: 'Thanks, bye!' });
    expect(readUserAnswer('  order 1234 ')).toEqual({ stop: false, text: 'order 1234' });
    expect(() => readUserAnswer('   ')).toThrow('an empty message');
  });
});

describe('what came, in a failure line', () => {
  it('keeps the text, cut to 120 characters', () => {
    expect(quoteGot('We open at 9 am.')).toBe('We open at 9 am.');
    expect(quoteGot('x'.repeat(200))).toBe(`${'x'.repeat(119)}…`);
    expect(quoteGot('x'.repeat(120))).toBe('x'.repeat(120));
    expect(quoteGot({ a: 1 })).toBe('{"a":1}');
  });
});
