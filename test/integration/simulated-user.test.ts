/**
 * README "Simulated users and judges" over real sockets: the support demo agent on one side, the test model server on the
 * other, the whole run engine between them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../machines/types.js';
import { parseTestSet } from '../../src/config/load.js';
import { startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { runTestSet } from '../../src/engine/run.js';
import { startModelServer, unreachableBaseUrl, type ModelServer, type ModelServerOptions } from '../helpers/model-server.js';
import { agentConfigFor } from '../helpers/run-fixtures.js';
import { within } from '../helpers/wait.js';
import { startScriptedAgent, type ScriptedAgent } from '../helpers/scripted-agent.js';

let agent: DemoAgent | undefined;
let scripted: ScriptedAgent | undefined;
let model: ModelServer | undefined;

afterEach(async () => {
  await Promise.all([agent?.close(), scripted?.close(), model?.close()]);
  agent = undefined;
  scripted = undefined;
  model = undefined;
});

const SECRET = 'sk-test-secret-1234567890';

async function runCase(
  testCase: Record<string, unknown>,
  server: ModelServerOptions = {},
  llm: Record<string, unknown> = {},
  options: { url?: string; agentFirst?: boolean } = {},
): Promise<SimulationResult> {
  const url = options.url ?? (agent ??= await startDemoAgent({ profile: 'support' })).url;
  model = await startModelServer(server);
  const block = { baseUrl: model.baseUrl, model: 'test-model', apiKey: '{{env.TEST_LLM_KEY}}', timeoutSeconds: 2, ...llm };
  if (block.baseUrl === 'BASE_WITHOUT_V1') block.baseUrl = model.baseUrl.replace(/\/v1$/, '');
  const testSet = parseTestSet(
    { llm: JSON.parse(JSON.stringify(block)) as unknown, cases: [{ id: 'case', agentFirst: options.agentFirst ?? false, ...testCase }] },
    { env: { TEST_LLM_KEY: SECRET } },
  );
  const results: SimulationResult[] = [];
  await within(runTestSet(agentConfigFor(url), testSet, { onResult: (r) => results.push(r) }), 15_000, 'the run');
  return results[0]!;
}

const simulate = (extra: Record<string, unknown> = {}) => ({
  simulate: { persona: 'A polite customer', goal: 'Get a refund for order 1234', ...extra },
});

describe('simulated user (README "Simulated users and judges")', () => {
  it('talks until the marker, never sends it, and records simulated: true and stopReason goal', async () => {
    const result = await runCase(simulate(), { user: ['my package never came', 'order 1234', 'refund please', '###STOP###'] });

    expect(result).toMatchObject({ verdict: 'passed', error: null, simulated: true, stopReason: 'goal' });
    expect(result.transcript.filter((t) => t.role === 'user').map((t) => t.text)).toEqual(['my package never came', 'order 1234', 'refund please']);
    expect(agent!.received().some((frame) => JSON.stringify(frame).includes('###STOP###'))).toBe(false);
    expect(result.transcript.at(-1)?.text).toMatch(/refund of \$25 for order #1234/);
  });

  it('sends the role-flipped history at the configured temperature and seed, with the Bearer key', async () => {
    await runCase(simulate(), { user: ['hello there', 'order 1234', '###STOP###'] }, { temperature: 0.3, seed: 7 });
    const requests = model!.userRequests();
    expect(requests).toHaveLength(3);
    const third = requests[2]!;
    expect(third.path).toBe('/v1/chat/completions');
    expect(third.authorization).toBe(`Bearer ${SECRET}`);
    expect(third.body).toMatchObject({ model: 'test-model', temperature: 0.3, seed: 7 });
    expect(third.body.tools).toBeUndefined();
    const [system, ...history] = third.body.messages;
    expect(system).toMatchObject({ role: 'system' });
    expect(system!.content).toContain('Persona: A polite customer');
    expect(system!.content).toContain('Goal: Get a refund for order 1234');
    expect(system!.content).toContain('###STOP###');
    expect(history.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user']);
    expect(history[0]).toEqual({ role: 'assistant', content: 'hello there' });
    expect(history[1]!.content).toMatch(/order number/);
    // The first request had nothing to flip: one short instruction stands in for the agent.
    expect(requests[0]!.body.messages.slice(1)).toEqual([{ role: 'user', content: expect.stringContaining('first message') }]);
  });

  it('sends firstMessage without asking the model', async () => {
    const result = await runCase(simulate({ firstMessage: 'my package never came' }), { user: ['order 1234', '###STOP###'] });
    expect(result.transcript[0]).toMatchObject({ role: 'user', text: 'my package never came' });
    expect(model!.userRequests()[0]!.body.messages.slice(1).map((m) => m.role)).toEqual(['assistant', 'user']);
  });

  it('puts the agent opening turn first in the history, as user, and stops with agent-ended when the agent closes', async () => {
    scripted = await startScriptedAgent((ws) => {
      ws.send(JSON.stringify({ type: 'message', text: 'Welcome! What is your order number?' }));
      let heard = 0;
      ws.on('message', () => {
        heard += 1;
        if (heard === 1) return ws.send(JSON.stringify({ type: 'message', text: 'Found it. Anything else?' }));
        // The goodbye and the close leave together, so the close lands while that reply is collected.
        ws.send(JSON.stringify({ type: 'message', text: 'Thanks, all sorted. Bye!' }));
        ws.close(1000, 'bye');
      });
    });
    const result = await runCase(simulate({ maxTurns: 3 }), { user: ['1234', 'are you there?'] }, {}, { url: scripted.url, agentFirst: true });
    expect(model!.userRequests()[0]!.body.messages.slice(1)).toEqual([{ role: 'user', content: 'Welcome! What is your order number?' }]);
    expect(result).toMatchObject({ verdict: 'passed', error: null, simulated: true, stopReason: 'agent-ended' });
  });

  it('sends no Authorization header when no apiKey is configured', async () => {
    await runCase(simulate({ maxTurns: 1 }), { user: ['hi'] }, { apiKey: undefined });
    expect(model!.userRequests()[0]!.authorization).toBeUndefined();
  });

  it('stops at maxTurns', async () => {
    const result = await runCase(simulate({ maxTurns: 2 }), { user: ['hi', 'still there?', 'never sent'] });
    expect(result).toMatchObject({ verdict: 'passed', stopReason: 'maxTurns' });
    expect(result.transcript.filter((t) => t.role === 'user')).toHaveLength(2);
  });

  it('ignores the marker before minTurns: the bare marker is asked again', async () => {
    const result = await runCase(simulate({ minTurns: 2 }), { user: ['hi', '###STOP###', 'order 1234', '###STOP###'] });
    expect(result).toMatchObject({ stopReason: 'goal' });
    expect(result.transcript.filter((t) => t.role === 'user').map((t) => t.text)).toEqual(['hi', 'order 1234']);
    expect(model!.userRequests()[2]!.body.messages.at(-1)).toMatchObject({ role: 'system', content: expect.stringContaining('Do not stop yet') });
  });

  it('drops the text around a marker that stops the conversation, and sends it without the marker before minTurns', async () => {
    const stopping = await runCase(simulate(), { user: ['hi', 'great, thanks! ###STOP###'] });
    expect(stopping).toMatchObject({ stopReason: 'goal' });
    expect(stopping.transcript.filter((t) => t.role === 'user').map((t) => t.text)).toEqual(['hi']);
    await model!.close();
    model = undefined;
    const early = await runCase(simulate({ minTurns: 2 }), { user: ['hi ###STOP###', 'order 1234', '###STOP###'] });
    expect(early.transcript.filter((t) => t.role === 'user').map((t) => t.text)).toEqual(['hi', 'order 1234']);
    expect(agent!.received().flat().some((frame) => JSON.stringify(frame).includes('###STOP###'))).toBe(false);
  });

  it('says when a 404 probably means the base URL lacks /v1', async () => {
    const result = await runCase(simulate(), {}, { baseUrl: 'BASE_WITHOUT_V1' });
    expect(result.error).toEqual({ code: 'llm-failed', message: expect.stringMatching(/HTTP 404 .*does llm.baseUrl need to end in \/v1\?/) as string });
  });

  it.each([
    ['a server error', { mode: 'error500' as const }, /HTTP 500/],
    ['an empty answer twice', { mode: 'garbage' as const }, /could not be understood/],
    ['no answer within timeoutSeconds', { mode: 'slow' as const }, /within 1 s/],
  ])('ends error with llm-failed on %s', async (_name, server, message) => {
    const result = await runCase(simulate(), server, { timeoutSeconds: 1 });
    expect(result).toMatchObject({ verdict: 'error', simulated: true, stopReason: 'error', error: { code: 'llm-failed' } });
    expect(result.error!.message).toMatch(/^Language model request failed: /);
    expect(result.error!.message).toMatch(message);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('ends error with llm-failed when the model cannot be reached, never a pass', async () => {
    const baseUrl = await unreachableBaseUrl();
    const result = await runCase(simulate(), {}, { baseUrl });
    expect(result).toMatchObject({ verdict: 'error', error: { code: 'llm-failed' } });
    expect(result.error!.message).toMatch(/cannot reach http:\/\/127\.0\.0\.1/);
  });

  it('retries an empty answer once', async () => {
    const result = await runCase(simulate(), { garbageFirst: 1, user: ['hi', '###STOP###'] });
    expect(result).toMatchObject({ verdict: 'passed', stopReason: 'goal' });
    expect(model!.userRequests()).toHaveLength(3);
  });
});

describe('judge (README "Simulated users and judges")', () => {
  const criteria = ['Asks for the order number', 'Offers store credit'];

  it('sends one request at temperature 0 with response_format and every criterion, and records the judgement', async () => {
    const result = await runCase({ turns: ['my package never came', 'order 1234'], judge: { criteria } });
    expect(result).toMatchObject({ verdict: 'passed', judgement: criteria.map((criterion) => ({ criterion, verdict: 'pass' })) });
    const [request, ...more] = model!.judgeRequests();
    expect(more).toEqual([]);
    expect(request!.body).toMatchObject({ temperature: 0, response_format: { type: 'json_object' } });
    expect(request!.body.messages[1]!.content).toContain('1. Asks for the order number\n2. Offers store credit');
    expect(request!.body.messages[1]!.content).toContain('User: order 1234\nAgent: Order #1234');
  });

  it('fails the case with judge-failed quoting each criterion not met', async () => {
    const result = await runCase(
      { turns: ['my package never came'], judge: { criteria } },
      { judge: { 'Offers store credit': 'fail' } },
    );
    expect(result.verdict).toBe('failed');
    expect(result.error).toEqual({ code: 'judge-failed', message: expect.stringMatching(/^Judge: criterion not met: "Offers store credit" \(fail: /) as string });
  });

  it('never passes on doubt: inconclusive fails', async () => {
    const result = await runCase({ turns: ['hi'], judge: { criteria: ['Offers store credit'] } }, { judge: { 'Offers store credit': 'inconclusive' } });
    expect(result).toMatchObject({ verdict: 'failed', error: { code: 'judge-failed' } });
  });

  it('drops response_format and asks again when the server answers 400', async () => {
    const result = await runCase({ turns: ['hi'], judge: { criteria } }, { mode: 'rejectFormat' });
    expect(result.verdict).toBe('passed');
    expect(model!.judgeRequests().map((r) => r.body.response_format)).toEqual([{ type: 'json_object' }, undefined]);
  });

  it('retries an unparseable answer once, then fails with llm-failed', async () => {
    const once = await runCase({ turns: ['hi'], judge: { criteria } }, { garbageFirst: 1 });
    expect(once.verdict).toBe('passed');
    await model!.close();
    model = undefined;
    const twice = await runCase({ turns: ['hi'], judge: { criteria } }, { judge: 'not json at all' });
    expect(twice).toMatchObject({ verdict: 'error', error: { code: 'llm-failed' } });
    expect(model!.judgeRequests()).toHaveLength(2);
  });

  it('does not judge a conversation that could not be had', async () => {
    const url = (await unreachableBaseUrl()).replace(/^http/, 'ws');
    const result = await runCase({ turns: ['hi'], judge: { criteria } }, {}, {}, { url });
    expect(result).toMatchObject({ verdict: 'error', error: { code: 'connect-failed' } });
    expect(result.judgement).toBeUndefined();
    expect(model!.requests).toEqual([]);
  });

  it('judges a simulated conversation too', async () => {
    const result = await runCase({ ...simulate(), judge: { criteria } }, { user: ['hi', 'order 1234', '###STOP###'] });
    expect(result).toMatchObject({ simulated: true, stopReason: 'goal', judgement: [{ verdict: 'pass' }, { verdict: 'pass' }] });
  });
});
