/**
 * The simulated user and the judge see buttons (README "Buttons, cards and clicks"): the model is shown the agent's choices
 * as `[buttons: …]`, clicks one with `###CLICK title###`, and the judge's transcript holds them.
 * A fake OpenAI-compatible server and the buttons demo agent, both on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../machines/types.js';
import { parseTestSet } from '../../src/config/load.js';
import { startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { runTestSet } from '../../src/engine/run.js';
import { agentConfig } from '../helpers/conv-configs.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';
import { within } from '../helpers/wait.js';

let agent: DemoAgent;
let model: ModelServer | undefined;
beforeAll(async () => {
  agent = await startDemoAgent({ profile: 'buttons', timeScale: 0.2 });
});
afterAll(async () => {
  await agent.close();
  await model?.close();
});

describe('a simulated user with buttons', () => {
  it('sees [buttons: …], clicks with ###CLICK title### (the payload goes out), and the judge sees the choices and the click', async () => {
    model = await startModelServer({ user: ['help', '###CLICK Refund###', '###CLICK Nope###', '###STOP###'] });
    const testSet = parseTestSet({
      llm: { baseUrl: model.baseUrl, model: 'test-model', timeoutSeconds: 2 },
      cases: [{ id: 'sim', simulate: { persona: 'A customer', goal: 'Get a refund', maxTurns: 4 }, judge: { criteria: ['Offers a refund'] } }],
    });
    const config = agentConfig({ connection: { url: agent.url }, messages: { choicesPath: 'quick_replies' } });
    const results: SimulationResult[] = [];
    await within(runTestSet(config, testSet, { onResult: (result) => results.push(result) }), 15_000, 'the run');
    const [result] = results;
    expect(result).toMatchObject({ verdict: 'passed', stopReason: 'goal' });
    expect(result!.transcript.filter((turn) => turn.role === 'user')).toEqual([
      { role: 'user', text: 'help', at: expect.any(String) },
      { role: 'user', text: 'Refund', at: expect.any(String), click: { title: 'Refund', payload: '/refund' } },
      // A title that was not offered is typed instead.
      { role: 'user', text: 'Nope', at: expect.any(String) },
    ]);
    const sent = agent.received().at(-1)!.map((frame) => (frame as { text: string }).text);
    expect(sent).toEqual(['help', '/refund', 'Nope']);
    const second = model.userRequests()[1]!.body.messages;
    expect(second[0]!.content).toContain('###CLICK A###');
    expect(second.at(-1)).toEqual({ role: 'user', content: 'What can I do for you?\n[buttons: Track my order | Refund | Store credit]' });
    expect(model.userRequests()[2]!.body.messages.at(-2)).toEqual({ role: 'assistant', content: '###CLICK Refund###' });
    const judged = model.judgeRequests()[0]!.body.messages.at(-1)!.content;
    expect(judged).toContain('Agent: What can I do for you?\n[buttons: Track my order | Refund | Store credit]');
    expect(judged).toContain('User: [clicked: Refund]');
  });
});
