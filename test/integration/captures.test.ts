/**
 * README "Captures and more expectations" over real sockets against the support demo agent: captured values sent back, the
 * richer expectations, every failure reported with what came.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../machines/types.js';
import { parseTestSet } from '../../src/config/load.js';
import { startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { runTestSet } from '../../src/engine/run.js';
import { agentConfigFor } from '../helpers/run-fixtures.js';
import { within } from '../helpers/wait.js';

let agent: DemoAgent;

beforeAll(async () => {
  agent = await startDemoAgent({ profile: 'support' });
});
afterAll(async () => agent.close());

async function runCase(turns: unknown[]): Promise<SimulationResult> {
  const results: SimulationResult[] = [];
  const testSet = parseTestSet({ cases: [{ id: 'case', turns }] });
  await within(runTestSet(agentConfigFor(agent.url), testSet, { onResult: (r) => results.push(r) }), 10_000, 'the run');
  return results[0]!;
}

const ORDER_REPLY = "It's order 1234";

describe('captures (README "Captures and more expectations")', () => {
  it('captures by regex and by path, sends {{vars.x}} back to the agent and checks it in expectations', async () => {
    const result = await runCase([
      'My package never came',
      { user: ORDER_REPLY, capture: { orderId: '/order #(\\d+)/i', eta: { path: 'order.eta' }, whole: '\\$\\d+' } },
      { user: 'A refund for order {{vars.orderId}} please', expect: { contains: 'order #{{vars.orderId}}', matches: '#{{vars.orderId}}\\b' } },
    ]);
    expect(result).toMatchObject({ verdict: 'passed', error: null, captures: { orderId: '1234', eta: 'lost in transit', whole: '$25' } });
    expect(agent.received().flat()).toContainEqual({ type: 'message', text: 'A refund for order 1234 please' });
    expect(result.expectations.filter((e) => e.kind === 'capture').map((e) => [e.name, e.ok])).toEqual([
      ['orderId', true],
      ['eta', true],
      ['whole', true],
    ]);
  });

  it('fails a capture that finds nothing, naming it, and a later {{vars.x}} never sends its message', async () => {
    const before = agent.received().flat().length;
    const result = await runCase([
      { user: 'My package never came', capture: { orderId: 'order #(\\d+)' } },
      'Where is order {{vars.orderId}}?',
    ]);
    expect(result.verdict).toBe('failed');
    expect(result.error?.code).toBe('expectation-failed');
    expect(result.error?.message).toMatch(/captures orderId with order #\(\\d\+\) — got "I'm sorry/);
    expect(result.error?.message).not.toContain('never captured'); // the capture's failure is the error; the unsendable turn adds nothing new
    expect(agent.received().flat().slice(before)).toEqual([{ type: 'message', text: 'My package never came' }]);
    expect(result.transcript.filter((t) => t.role === 'user')).toHaveLength(1);
    expect(result.captures).toEqual({});
  });

  it('is expectation-failed when a user message uses a value never captured', async () => {
    const result = await runCase(['Where is order {{vars.orderId}}?']);
    expect(result).toMatchObject({
      verdict: 'failed',
      error: { code: 'expectation-failed', message: 'Expectation failed: the user message of turn 1 uses {{vars.orderId}}, which was never captured' },
    });
  });
});

describe('more expectations (README "Captures and more expectations" and README "Reports and CI")', () => {
  it('holds equals, notMatches, maxLatencyMs and frame (equals, exists) on the reply they describe', async () => {
    const result = await runCase([
      'My package never came',
      {
        user: ORDER_REPLY,
        expect: {
          notMatches: "/can't find/i",
          maxLatencyMs: 3000,
          frame: { path: 'quick_replies.1.title', equals: 'Store credit' },
        },
      },
      { user: 'credit please', expect: { equals: 'Done: $25 of store credit for order #1234 is on your account.' } },
    ]);
    expect(result.error).toBeNull();
    expect(result.expectations.map((e) => [e.kind, e.ok])).toEqual([
      ['notMatches', true],
      ['maxLatencyMs', true],
      ['frame', true],
      ['equals', true],
    ]);
  });

  it('reports every failure, each with what came (cut to about 120 characters); the first is the error', async () => {
    const result = await runCase([
      'My package never came',
      {
        user: ORDER_REPLY,
        expect: {
          contains: 'refund',
          equals: 'nope',
          notMatches: 'blue kettle',
          maxLatencyMs: 1,
          frame: { path: 'order.id', equals: '9999' },
        },
      },
      { user: 'and?', expect: { frame: { path: 'order', exists: true }, contains: '{{vars.never}}' } },
    ]);
    const failed = result.expectations.filter((e) => !e.ok);
    expect(failed.map((e) => e.kind)).toEqual(['equals', 'notMatches', 'maxLatencyMs', 'frame', 'contains', 'frame']);
    const reply = result.transcript[3]!.text;
    expect(reply.length).toBeGreaterThan(120);
    expect(failed[0]!.got).toBe(`${reply.slice(0, 119)}…`);
    expect(failed[0]!.message).toBe(`Expectation failed: the reply to turn 2 equals "nope" — got ${JSON.stringify(`${reply.slice(0, 119)}…`)}`);
    expect(failed[1]!.message).toMatch(/^Expectation failed: the reply to turn 2 does not match \/blue kettle\/ — got "Order #1234/);
    expect(failed[2]!.message).toMatch(/^Expectation failed: the reply to turn 2 starts within 1 ms — got \d+ ms$/);
    expect(failed[3]!.message).toBe('Expectation failed: the reply to turn 2 has a frame with "9999" at order.id — got "1234"');
    expect(failed[4]!.message).toBe('Expectation failed: the reply to turn 3 contains "{{vars.never}}" — but {{vars.never}} was never captured');
    expect(failed[5]!.message).toBe('Expectation failed: the reply to turn 3 has a frame with a value at order — got no frame with order (1 accepted)');
    expect(result.error).toEqual({ code: 'expectation-failed', message: failed[0]!.message });
  });
});
