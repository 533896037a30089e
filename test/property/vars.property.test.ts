/**
 * `{{vars.NAME}}` (README "Captures and more expectations"): whatever a captured value holds, it reaches the agent and the
 * expectations as itself — never re-scanned for placeholders, never read as a pattern.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentTurn } from '../../machines/types.js';
import { parseTestSet } from '../../src/config/load.js';
import { createChecker } from '../../src/engine/expectations.js';
import { renderVars } from '../../src/engine/vars.js';
import { text } from './arbitraries.js';

const reply = (value: string): AgentTurn => ({ role: 'agent', text: value, messages: [value], at: 0, replyTo: 1, timedOut: false, truncated: false, deliveredAt: 0 });

describe('captured values, whatever they hold', () => {
  it('are put into a text verbatim, once', () => {
    fc.assert(
      fc.property(text, text, (before, value) => {
        const rendered = renderVars(`${before.replace(/\{\{/g, '')}[{{vars.x}}]`, { x: value });
        expect(rendered).toEqual({ text: `${before.replace(/\{\{/g, '')}[${value}]` });
      }),
    );
  });

  it('match themselves literally in contains, equals and matches', () => {
    const check = createChecker(
      parseTestSet({ cases: [{ id: 'c', turns: [{ user: 'u', expect: { contains: '{{vars.x}}', equals: '{{vars.x}}', matches: '^{{vars.x}}$' } }] }] }).cases[0]!,
    );
    fc.assert(
      fc.property(text, (value) => {
        const outcome = check(1, reply(value), { x: value });
        expect(outcome.expectations.map((e) => [e.kind, e.ok])).toEqual([
          ['contains', true],
          ['matches', true],
          ['equals', true],
        ]);
      }),
    );
  });
});
