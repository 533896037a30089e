/**
 * Buttons, cards and clicks (README "Buttons, cards and clicks") against the demo agents on 127.0.0.1: Botkit-style
 * quick_replies, Rasa buttons over socket.io (clickTemplate with {{choice.*}}), Direct Line
 * suggestedActions and hero cards (`*` paths), card-only replies, click failures, and the config
 * errors that name the path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../machines/types.js';
import { parseTestSet } from '../../src/config/load.js';
import { startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { connect } from '../../src/engine/connect.js';
import { runTestSet } from '../../src/engine/run.js';
import { ConfigError } from '../../src/errors.js';
import { agentConfig } from '../helpers/conv-configs.js';

const agents: Partial<Record<'buttons' | 'socketio' | 'directline', DemoAgent>> = {};
beforeAll(async () => {
  for (const profile of ['buttons', 'socketio', 'directline'] as const) agents[profile] = await startDemoAgent({ profile, timeScale: 0.2 });
});
afterAll(async () => {
  await Promise.all(Object.values(agents).map((agent) => agent.close()));
});

const botkit = () => agentConfig({ connection: { url: agents.buttons!.url }, messages: { choicesPath: 'quick_replies', attachmentsPath: 'attachments' }, coalesceSeconds: 0.1, responseTimeoutSeconds: 5 });

async function runCases(config: ReturnType<typeof botkit>, cases: unknown[]): Promise<SimulationResult[]> {
  const results: SimulationResult[] = [];
  await runTestSet(config, parseTestSet({ cases }), { onResult: (result) => results.push(result) });
  return results.sort((a, b) => a.caseId.localeCompare(b.caseId));
}

describe('choices and attachments on agent turns', () => {
  it('a reply with quick_replies carries them as choices; a card-only reply is a reply with its attachment', async () => {
    const [result] = await runCases(botkit(), [{ id: 'c', turns: ['help', { click: 'Store credit', expect: { attachments: { count: 1 }, attachment: { path: 'title', equals: 'Store credit: $25' } } }] }]);
    expect(result!.verdict).toBe('passed');
    const [, menu, click, card] = result!.transcript;
    expect(menu).toMatchObject({ role: 'agent', choices: [{ title: 'Track my order', payload: '/track' }, { title: 'Refund', payload: '/refund' }, { title: 'Store credit', payload: '/credit' }] });
    expect(menu).not.toHaveProperty('attachments');
    expect(click).toMatchObject({ role: 'user', text: 'Store credit', click: { title: 'Store credit', payload: '/credit' } });
    expect(card).toMatchObject({ role: 'agent', text: '', messages: [], timedOut: false, attachments: [{ type: 'card', title: 'Store credit: $25' }] });
    expect(result!.dropped.noText).toBe(0);
  });

  it('a click sends the payload through the send template by default', async () => {
    const conversation = await connect(botkit());
    try {
      const menu = await conversation.send('help');
      const reply = await conversation.click(menu.choices![1]!);
      expect(reply.text).toBe('Refund to your card or as store credit?');
      expect(conversation.transcript.filter((turn) => turn.role === 'user').map((turn) => turn.text)).toEqual(['help', 'Refund']);
    } finally {
      await conversation.close();
    }
    const frames = agents.buttons!.received().at(-1)!;
    expect(frames).toEqual([{ type: 'message', text: 'help' }, { type: 'message', text: '/refund' }]);
  });
});

describe('click turns and choice expectations', () => {
  it('clicks by title and by /regex/; choices in any order, choicesExactly in order', async () => {
    const [result] = await runCases(botkit(), [
      {
        id: 'flow',
        turns: [
          { user: 'help', expect: { choices: ['Store credit', '/^Track/'] } },
          { click: 'Refund', expect: { choicesExactly: ['To my card', 'Store credit'] } },
          { click: '/card/i', expect: { contains: '5 business days' } },
        ],
      },
    ]);
    expect(result!.verdict).toBe('passed');
    expect(result!.expectations.map((e) => [e.kind, e.ok])).toEqual([['choices', true], ['choicesExactly', true], ['contains', true]]);
  });

  it('a click on a choice not offered fails the case, listing the choices offered', async () => {
    const [result] = await runCases(botkit(), [{ id: 'x', turns: ['help', { click: 'Cancel order' }] }]);
    expect(result!.verdict).toBe('failed');
    expect(result!.error).toEqual({
      code: 'expectation-failed',
      message: 'Expectation failed: turn 2 clicks "Cancel order", which was not offered (choices: Track my order | Refund | Store credit)',
    });
    // Nothing was sent for the failed click.
    expect(result!.transcript.filter((turn) => turn.role === 'user')).toHaveLength(1);
  });

  it('a click after an agent turn with no choices fails saying none were offered', async () => {
    const [result] = await runCases(botkit(), [{ id: 'y', turns: ['hello', { click: 'Refund' }] }]);
    expect(result!.verdict).toBe('failed');
    expect(result!.error!.message).toBe('Expectation failed: turn 2 clicks "Refund", but the agent turn before it offered no choices');
  });

  it('choicesExactly and attachments that do not hold say what came', async () => {
    const [result] = await runCases(botkit(), [{ id: 'z', turns: [{ user: 'help', expect: { choicesExactly: ['Refund'], attachments: { count: 1 } } }] }]);
    expect(result!.expectations.map((e) => e.message)).toEqual([
      'Expectation failed: the reply to turn 1 offers exactly the choices [Refund] — got Track my order | Refund | Store credit',
      'Expectation failed: the reply to turn 1 has 1 attachment — got 0',
    ]);
  });
});

describe('platform shapes', () => {
  it('Rasa over socket.io: buttons in bot_uttered, a click through clickTemplate with {{choice.title}} and {{choice.payload}}', async () => {
    const config = agentConfig({
      connection: { protocol: 'socket.io', url: agents.socketio!.url },
      handshake: { steps: [{ send: { event: 'session_request', data: { session_id: '{{simulation.id}}' } }, await: { path: 'event', equals: 'session_confirm' } }] },
      messages: {
        sendTemplate: { event: 'user_uttered', data: { message: '{{message}}', session_id: '{{simulation.id}}' } },
        clickTemplate: { event: 'user_uttered', data: { message: '{{choice.payload}}', session_id: '{{simulation.id}}', metadata: { button: '{{choice.title}}', seq: '{{message.seq}}' } } },
        typePath: 'event',
        textTypes: ['bot_uttered'],
        textPath: 'data.text',
        choicesPath: 'data.buttons',
      },
      coalesceSeconds: 0.1,
    });
    const [result] = await runCases(config, [{ id: 'r', turns: ['help', { click: 'Track my order', expect: { contains: 'ships tomorrow' } }] }]);
    expect(result!.verdict).toBe('passed');
    const uttered = agents.socketio!.received().at(-1)!.filter((event) => (event as { event: string }).event === 'user_uttered');
    expect((uttered[1] as { data: unknown }).data).toEqual({ message: '/track', session_id: expect.any(String), metadata: { button: 'Track my order', seq: 2 } });
  });

  it('Direct Line: suggestedActions and every hero card\'s buttons through `attachments.*.content.buttons`', async () => {
    const base = agents.directline!.url.replace(/\/v3\/directline\/conversations$/, '');
    const config = agentConfig({
      connection: { mode: 'http-first', setup: { url: agents.directline!.url, headers: { Authorization: 'Bearer demo-directline-secret' }, websocketUrlPath: 'streamUrl' } },
      messages: {
        sendVia: { url: `${base}/v3/directline/conversations/{{setup.conversationId}}/activities`, headers: { Authorization: 'Bearer {{setup.token}}' } },
        sendTemplate: { type: 'message', from: { id: 'user-{{simulation.id}}' }, text: '{{message}}' },
        itemsPath: 'activities',
        directionPath: 'from.id',
        inboundDirection: 'user-{{simulation.id}}',
        typingTypes: ['typing'],
        choicesPath: ['suggestedActions.actions', 'attachments.*.content.buttons'],
        choicePayloadPath: 'value',
        attachmentsPath: 'attachments',
      },
      coalesceSeconds: 0.2,
    });
    const [result] = await runCases(config, [
      { id: 'd', turns: [{ user: 'menu', expect: { choices: ['Refund'] } }, { click: 'Store credit', expect: { choicesExactly: ['Use it now'], attachment: { path: 'content.title', equals: 'Store credit: $25' } } }, { click: 'Use it now', expect: { contains: 'applied' } }] },
    ]);
    expect(result!.verdict).toBe('passed');
    expect(result!.transcript[3]).toMatchObject({ role: 'agent', text: '', choices: [{ title: 'Use it now', payload: '/use_credit' }] });
  });
});

describe('config errors naming the path', () => {
  const rejects = async (config: ReturnType<typeof botkit>, cases: unknown[]) => {
    const error = await runTestSet(config, parseTestSet({ cases })).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  };

  it('an attachment expectation or a click without the agent config paths for them', async () => {
    const plain = agentConfig({ connection: { url: agents.buttons!.url } });
    expect(await rejects(plain, [{ id: 'a', turns: ['help', { click: 'Refund', expect: { attachments: { count: 1 }, attachment: { path: 'title', exists: true } } }] }])).toEqual([
      { path: 'cases.0.turns.1.click', message: 'needs messages.choicesPath in the agent config' },
      { path: 'cases.0.turns.1.expect.attachments', message: 'needs messages.attachmentsPath in the agent config' },
      { path: 'cases.0.turns.1.expect.attachment', message: 'needs messages.attachmentsPath in the agent config' },
    ]);
  });

  it('a click as the first turn without agentFirst, and clickTemplate without choicesPath', () => {
    expect(() => parseTestSet({ cases: [{ id: 'a', turns: [{ click: 'Refund' }] }] })).toThrow(
      'cases.0.turns.0.click: a first turn can only click with agentFirst: true (there is no agent turn to click on)',
    );
    expect(() => parseTestSet({ cases: [{ id: 'a', agentFirst: true, turns: [{ click: 'Refund' }] }] })).not.toThrow();
    // A plain title is never a regex; only /pattern/flags is, and a broken one is named.
    expect(() => parseTestSet({ cases: [{ id: 'a', agentFirst: true, turns: [{ click: 'C++ (beta', expect: { choices: ['[x'] } }] }] })).not.toThrow();
    expect(() => parseTestSet({ cases: [{ id: 'a', agentFirst: true, turns: [{ click: '/(/' }] }] })).toThrow('cases.0.turns.0.click: invalid regular expression');
    expect(() => agentConfig({ connection: { url: 'ws://127.0.0.1:1/ws' }, messages: { clickTemplate: { text: '{{choice.payload}}' } } })).toThrow(
      'messages.clickTemplate: needs messages.choicesPath (where the choices to click are)',
    );
    expect(() => agentConfig({ connection: { url: 'ws://127.0.0.1:1/ws' }, messages: { sendTemplate: { text: '{{message}} {{choice.title}}' } } })).toThrow(
      'messages.sendTemplate.text: {{choice.title}} is only allowed in messages.clickTemplate',
    );
  });
});
