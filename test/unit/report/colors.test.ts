import { describe, expect, it } from 'vitest';
import { colorsFor, verdictTag } from '../../../src/report/colors.js';

describe('colours', () => {
  it('on a terminal the verdicts are coloured', () => {
    expect(verdictTag('failed', colorsFor({ isTTY: true }, {}))).toBe('\u001b[31mFAIL \u001b[39m');
    expect(verdictTag('passed', colorsFor({ isTTY: true }, {}))).toBe('\u001b[32mPASS \u001b[39m');
  });

  it.each([
    ['not a terminal', { isTTY: false }, {}],
    ['NO_COLOR set', { isTTY: true }, { NO_COLOR: '1' }],
    ['FORCE_COLOR=0', { isTTY: true }, { FORCE_COLOR: '0' }],
  ])('none when %s', (_name, stream, env) => {
    expect(verdictTag('failed', colorsFor(stream, env))).toBe('FAIL ');
  });

  it.each([['1'], ['true'], ['']])('FORCE_COLOR=%j turns colour on through a pipe; NO_COLOR still wins', (force) => {
    expect(verdictTag('failed', colorsFor({ isTTY: false }, { FORCE_COLOR: force }))).toBe('\u001b[31mFAIL \u001b[39m');
    expect(verdictTag('failed', colorsFor({ isTTY: false }, { FORCE_COLOR: force, NO_COLOR: '1' }))).toBe('FAIL ');
  });

  it('an empty NO_COLOR does not count (no-color.org)', () => {
    expect(verdictTag('error', colorsFor({ isTTY: true }, { NO_COLOR: '' }))).toBe('\u001b[33mERROR\u001b[39m');
  });
});
