import { describe, expect, it } from 'vitest';
import { parseTestSet } from '../../src/config/load.js';
import { ConfigError, type ConfigIssue } from '../../src/errors.js';

const LLM = { baseUrl: 'http://127.0.0.1:11434/v1/', model: 'qwen2.5:7b-instruct' };
const SIMULATE = { persona: 'A terse customer', goal: 'Get a refund' };

function problems(raw: unknown, env: NodeJS.ProcessEnv = {}): ConfigIssue[] {
  try {
    parseTestSet(raw, { env });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('test set: llm, simulate, judge (README "Simulated users and judges")', () => {
  it('applies the defaults: temperature 0.7, timeoutSeconds 60, maxTurns 10, minTurns 1; no key when none is given', () => {
    const set = parseTestSet({ llm: LLM, cases: [{ id: 'sim', simulate: SIMULATE, judge: { criteria: ['Polite'] } }] });
    expect(set.llm).toEqual({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b-instruct', temperature: 0.7, timeoutSeconds: 60 });
    expect(set.cases[0]).toMatchObject({ simulate: { ...SIMULATE, maxTurns: 10, minTurns: 1 }, judge: { criteria: ['Polite'] }, turns: [] });
  });

  it('resolves {{env.NAME}} in baseUrl, model and apiKey at load time', () => {
    const set = parseTestSet(
      { llm: { baseUrl: '{{env.BASE}}', model: '{{env.MODEL}}', apiKey: '{{env.KEY}}', seed: 7 }, cases: [{ id: 'c', turns: ['hi'], judge: { criteria: ['x'] } }] },
      { env: { BASE: 'https://llm.example.com/v1', MODEL: 'm', KEY: 'sk-123' } },
    );
    expect(set.llm).toMatchObject({ baseUrl: 'https://llm.example.com/v1', model: 'm', apiKey: 'sk-123', seed: 7 });
  });

  it('names an unset environment variable, and an unknown placeholder, where they are used', () => {
    expect(problems({ llm: { ...LLM, apiKey: '{{env.OPENAI_API_KEY}}' }, cases: [{ id: 'c', turns: ['hi'] }] })).toEqual([
      { path: 'llm.apiKey', message: 'environment variable OPENAI_API_KEY is not set' },
    ]);
    expect(problems({ llm: { ...LLM, model: '{{case.id}}' }, cases: [{ id: 'c', turns: ['hi'] }] })).toEqual([
      { path: 'llm.model', message: 'unknown placeholder {{case.id}} (only {{env.NAME}} is allowed here)' },
    ]);
  });

  it('refuses a baseUrl that is not http(s), and unknown llm keys', () => {
    expect(problems({ llm: { ...LLM, baseUrl: 'ws://x/v1' }, cases: [{ id: 'c', turns: ['hi'] }] })).toEqual([
      { path: 'llm.baseUrl', message: 'must be an http:// or https:// URL' },
    ]);
    expect(problems({ llm: { ...LLM, api_key: 'x' }, cases: [{ id: 'c', turns: ['hi'] }] })).toEqual([{ path: 'llm.api_key', message: 'unknown key (did you mean apiKey?)' }]);
  });

  it('wants the llm block for simulate and judge, simulate instead of turns, and minTurns ≤ maxTurns', () => {
    expect(problems({ cases: [{ id: 'c', simulate: SIMULATE, judge: { criteria: ['x'] } }] })).toEqual([
      { path: 'cases.0.simulate', message: 'needs the llm block (baseUrl, model) at the top of the test set' },
      { path: 'cases.0.judge', message: 'needs the llm block (baseUrl, model) at the top of the test set' },
    ]);
    expect(problems({ llm: LLM, cases: [{ id: 'c', turns: ['hi'], simulate: SIMULATE }] })).toEqual([
      { path: 'cases.0.simulate', message: 'cannot be used together with turns (a simulated user writes its own)' },
    ]);
    expect(problems({ llm: LLM, cases: [{ id: 'c', simulate: { ...SIMULATE, maxTurns: 2, minTurns: 3 } }] })).toEqual([
      { path: 'cases.0.simulate.minTurns', message: 'must not be more than maxTurns' },
    ]);
    expect(problems({ llm: LLM, cases: [{ id: 'c', turns: ['hi'], judge: { criteria: [] } }] })[0]?.path).toBe('cases.0.judge.criteria');
  });
});

describe('test set: captures and expectations (README "Captures and more expectations")', () => {
  it('takes regex and path captures and the new expectations', () => {
    const set = parseTestSet({
      cases: [
        {
          id: 'c',
          turns: [
            { user: 'pizza', capture: { orderId: 'order #(\\d+)', eta: { path: 'order.eta' } } },
            { user: 'where is {{vars.orderId}}?', expect: { equals: 'x', notMatches: '/sorry/i', maxLatencyMs: 2000, frame: { path: 'a.0', exists: true } } },
          ],
        },
      ],
    });
    expect(set.cases[0]!.turns[1]!.expect).toEqual({ equals: 'x', notMatches: '/sorry/i', maxLatencyMs: 2000, frame: { path: 'a.0', exists: true } });
  });

  it('reports a bad capture regex, a bad capture name and a frame without equals or exists', () => {
    const issues = problems({
      cases: [
        {
          id: 'c',
          turns: [
            { user: 'a', capture: { orderId: '(' } },
            { user: 'b', capture: { 'order-id': 'x' } },
            { user: 'c', expect: { frame: { path: 'a' } } },
          ],
        },
      ],
    });
    expect(issues.map((issue) => issue.path)).toEqual(['cases.0.turns.0.capture.orderId', 'cases.0.turns.1.capture.order-id', 'cases.0.turns.2.expect.frame']);
    expect(issues[2]!.message).toBe('needs exactly one of equals or exists: true');
  });
});
