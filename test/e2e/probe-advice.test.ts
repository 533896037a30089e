import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoAgent, type DemoAgent, type DemoAgentOptions } from '../../src/demo/index.js';
import { onUserMessage, sendLater } from './helpers/agents.js';
import { assertBuilt, runCli, STACK_FRAME, type CliResult } from './helpers/cli.js';
import { agentConfig, scratch, type Scratch } from './helpers/files.js';
import { startScriptedAgent, type ConnectionScript } from '../helpers/scripted-agent.js';

let files: Scratch;
const closers: Array<() => Promise<void>> = [];

beforeAll(assertBuilt);
beforeEach(async () => {
  files = await scratch();
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await files.cleanup();
});

async function scripted(script: ConnectionScript): Promise<string> {
  const agent = await startScriptedAgent(script);
  closers.push(() => agent.close());
  return agent.url;
}

async function demo(options: DemoAgentOptions): Promise<DemoAgent> {
  const agent = await startDemoAgent(options);
  closers.push(() => agent.close());
  return agent;
}

async function probe(config: Record<string, unknown>, message = 'Hello'): Promise<CliResult> {
  const file = await files.write('agent.yaml', config);
  const result = await runCli(['probe', '--agent', file, '--message', message], { timeoutMs: 20_000 });
  expect(result.stderr).not.toMatch(STACK_FRAME);
  return result;
}

/** The advice section of probe's output. */
function advice(result: CliResult): string {
  const at = result.stdout.indexOf('\nAdvice:\n');
  expect(at, result.stdout).toBeGreaterThan(-1);
  return result.stdout.slice(at);
}

describe('probe advice', () => {
  it('wrong textTypes: says which type values came', async () => {
    const url = await scripted(
      onUserMessage((_text, ws) => {
        sendLater(ws, 10, { type: 'typing' }, { type: 'bot_message', text: 'Hi there!' }, { type: 'bot_message', text: 'How can I help?' });
        sendLater(ws, 30, { type: 'bot_message', text: 'Ask me anything.' });
      }),
    );
    const result = await probe(agentConfig(url, { responseTimeoutSeconds: 1 }));
    expect(result.code).toBe(1);
    expect(advice(result)).toContain('3 frames had type `bot_message`, not in textTypes [message].');
    expect(advice(result)).toContain('1 frame had type `typing`, not in textTypes [message].');
    expect(advice(result)).toContain('textTypes: [message, bot_message]');
    expect(result.stdout).toMatch(/← \+\d+\.\d{3} s {2}type {8}\{"type":"bot_message","text":"Hi there!"\}/);
  });

  it('wrong typePath: names the field that looks like a type, its values and where the text is', async () => {
    const agent = await demo({ profile: 'burst', timeScale: 0.2 });
    const result = await probe(
      agentConfig(agent.url, {
        responseTimeoutSeconds: 1,
        messages: { sendTemplate: { event: 'user_message', payload: { text: '{{message}}' } } },
      }),
    );
    expect(result.code).toBe(1);
    const text = advice(result);
    expect(text).toContain('4 frames had no value at typePath `type`');
    expect(text).toMatch(/looks like a type is `event`: .*`agent_message` ×1/);
    expect(text).toMatch(/looks like a type is `event`: .*`ack` ×1/);
    expect(text).toContain('Try typePath: event and textTypes: [agent_message].');
    expect(text).toContain('set textPath: payload.text');
  });

  it('wrong textPath: says where text-like strings were found, as dot paths', async () => {
    const url = await scripted(
      onUserMessage((_text, ws) => sendLater(ws, 10, { type: 'message', id: 'm-1', data: { content: 'Hi there, how can I help?' } })),
    );
    const result = await probe(agentConfig(url, { responseTimeoutSeconds: 1 }));
    expect(result.code).toBe(1);
    const text = advice(result);
    expect(text).toContain('1 frame of type `message` had no text at textPath `text` and was dropped (noText).');
    expect(text).toContain('Text-like strings were found at `data.content` (e.g. "Hi there, how can I help?")');
    expect(text).toContain('Try textPath: data.content');
  });

  it('echoes with no direction filter: points at the field that tells them apart', async () => {
    const agent = await demo({ profile: 'genesys', timeScale: 0.2 });
    const result = await probe(
      agentConfig(`${agent.url}?deploymentId=dep-1`, {
        connection: { init: { action: 'configureSession', deploymentId: 'dep-1', token: '{{simulation.id}}' } },
        messages: {
          sendTemplate: { action: 'onMessage', token: '{{simulation.id}}', message: { type: 'Text', text: '{{message}}' } },
          typePath: 'class',
          textTypes: ['StructuredMessage'],
          textPath: 'body.text',
        },
        handshake: { readyType: 'SessionResponse', timeoutSeconds: 5 },
        responseTimeoutSeconds: 2,
      }),
      'When do you open?',
    );
    expect(result.code).toBe(0);
    const text = advice(result);
    expect(text).toContain('A frame repeated your own message "When do you open?"');
    expect(text).toContain('The echo has `body.direction` = `Inbound`; the agent\'s messages have `Outbound`.');
    expect(text).toContain('Set directionPath: body.direction and outboundDirection: Outbound.');
  });

  it('a readyType that never came: says which types did', async () => {
    const url = await scripted((ws) => sendLater(ws, 10, { type: 'welcome' }, { type: 'hello', text: 'Hi' }));
    const result = await probe(agentConfig(url, { handshake: { readyType: 'session_ready', timeoutSeconds: 1 } }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ Handshake timeout');
    const text = advice(result);
    expect(text).toContain('The ready message never came: no frame had type = `session_ready` (handshake.readyType) within 1 s.');
    expect(text).toContain('Types that did come at type: `welcome` ×1, `hello` ×1.');
  });

  it('a readyType that never came, from a silent agent: says nothing came at all', async () => {
    const agent = await demo({ profile: 'simple' });
    const result = await probe(agentConfig(agent.url, { handshake: { readyType: 'session_ready', timeoutSeconds: 1 } }));
    expect(result.code).toBe(1);
    expect(advice(result)).toContain('The agent sent nothing at all after the socket opened.');
  });

  it('messages just after the turn was delivered: suggests a longer coalesceSeconds', async () => {
    const url = await scripted(
      onUserMessage((_text, ws) => {
        sendLater(ws, 10, { type: 'message', text: 'First part.' });
        sendLater(ws, 800, { type: 'message', text: 'Second part, late.' });
      }),
    );
    const result = await probe(agentConfig(url, { coalesceSeconds: 0.2 }));
    expect(result.code).toBe(0);
    const text = advice(result);
    expect(text).toMatch(/1 message arrived after the reply was delivered, the first \d+ ms after it \("Second part, late\."\)/);
    expect(text).toContain('longer than coalesceSeconds (0.2 s), so in a run this text would join the next reply.');
    const suggested = Number(/Set coalesceSeconds: ([\d.]+)\./.exec(text)?.[1]);
    expect(suggested).toBeGreaterThanOrEqual(1);
    expect(suggested).toBeLessThanOrEqual(3);
  });

  it('an auth refusal: gives the HTTP status, and never the token', async () => {
    const agent = await demo({ profile: 'simple', authorization: 'Bearer right-token' });
    const result = await probe(agentConfig(agent.url, { connection: { authorization: 'Bearer wrong-token-123' } }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Authorization: Bearer ****');
    expect(advice(result)).toContain('Auth refused: the agent answered the WebSocket handshake with HTTP 401 (Unauthorized).');
    expect(result.stdout + result.stderr).not.toContain('wrong-token-123');
  });

  it('a refused handshake for a missing header: HTTP 403', async () => {
    const agent = await demo({ profile: 'simple', requiredHeaders: { 'X-Tenant': 'demo' } });
    const result = await probe(agentConfig(agent.url));
    expect(result.code).toBe(1);
    expect(advice(result)).toContain('HTTP 403 (Forbidden)');
  });

  it('an auth refusal of the session setup request: gives the HTTP status', async () => {
    const agent = await demo({ profile: 'http-first' });
    const result = await probe({
      connection: {
        mode: 'http-first',
        setup: { url: agent.url, headers: { Authorization: 'Bearer not-the-api-token' }, websocketUrlPath: 'data.websocket_url' },
      },
      responseTimeoutSeconds: 2,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Session setup failed: HTTP 401');
    expect(advice(result)).toContain('Auth refused: the session setup request got HTTP 401.');
    expect(result.stdout).not.toContain('not-the-api-token');
  });

  it('an agent that is not running: says nothing is listening', async () => {
    const agent = await demo({ profile: 'simple' });
    const url = agent.url;
    await agent.close();
    const result = await probe(agentConfig(url));
    expect(result.code).toBe(1);
    expect(advice(result)).toContain('Nothing is listening there');
  });

  it('an agent that ignores the message: says it sent nothing and shows what was sent', async () => {
    const agent = await demo({ profile: 'burst', timeScale: 0.2 });
    const result = await probe(agentConfig(agent.url, { responseTimeoutSeconds: 1 }));
    expect(result.code).toBe(1);
    expect(advice(result)).toContain('The agent sent nothing in the 1 s after the message. Check messages.sendTemplate (sent: {"type":"message","text":"Hello"})');
  });
});
