/** The demo profiles of README "How replies are read"'s reply shapes: what each sends, frame by frame. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDemoAgent, type DemoAgent, type DemoAgentOptions } from '../../src/demo/index.js';
import { tokensOf } from '../../src/demo/streaming.js';

const agents: DemoAgent[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
});

async function start(options: DemoAgentOptions): Promise<DemoAgent> {
  const agent = await startDemoAgent({ timeScale: 0.2, ...options });
  agents.push(agent);
  return agent;
}

/** Opens a client that collects every frame the agent sends, parsed. */
async function client(url: string): Promise<{ frames: unknown[]; send(value: unknown): void }> {
  const ws = new WebSocket(url);
  sockets.push(ws);
  const frames: unknown[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { frames, send: (value) => ws.send(JSON.stringify(value)) };
}

const typeOf = (frame: unknown) => (frame as { type?: string }).type;

describe('amazon-connect profile', () => {
  it('echoes the customer, sends the answer last-first with JSON in content, and heartbeats', async () => {
    const agent = await start({ profile: 'amazon-connect' });
    const c = await client(agent.url);
    c.send({ topic: 'aws/send', message: 'I need a refund' });
    await expect.poll(() => c.frames.filter((f) => (f as { topic: string }).topic === 'aws/chat').length, { timeout: 3000 }).toBe(3);
    const chats = c.frames
      .filter((f) => (f as { topic: string }).topic === 'aws/chat')
      .map((f) => JSON.parse((f as { content: string }).content) as { ParticipantRole: string; Content: string; AbsoluteTime: string });
    expect(chats.map((m) => [m.ParticipantRole, m.Content])).toEqual([
      ['CUSTOMER', 'I need a refund'],
      ['AGENT', 'Refunds take 5 business days.'],
      ['AGENT', "I'm sorry to hear that."],
    ]);
    expect(Date.parse(chats[1]!.AbsoluteTime)).toBeGreaterThan(Date.parse(chats[2]!.AbsoluteTime));
    await expect.poll(() => c.frames.some((f) => (f as { topic: string }).topic === 'aws/heartbeat'), { timeout: 3000 }).toBe(true);
  });
});

describe('streaming profile', () => {
  it('streams the answer as word-sized deltas, then a completion frame', async () => {
    const agent = await start({ profile: 'streaming' });
    const c = await client(agent.url);
    c.send({ type: 'prompt', text: 'When do you open?' });
    await expect.poll(() => c.frames.some((f) => typeOf(f) === 'done'), { timeout: 3000 }).toBe(true);
    const deltas = c.frames.filter((f) => typeOf(f) === 'delta').map((f) => (f as { delta: string }).delta);
    expect(deltas.join('')).toBe('We open at 9 am and close at 5 pm.');
    expect(deltas.length).toBeGreaterThan(5);
    expect(typeOf(c.frames.at(-1))).toBe('done');
    expect(tokensOf('a  b')).toEqual(['a', '  b']);
  });
});

describe('typing profile', () => {
  it('pings first, holds a message until the pong, types before each message, and ends after bye', async () => {
    const agent = await start({ profile: 'typing' });
    const c = await client(agent.url);
    await expect.poll(() => c.frames[0], { timeout: 3000 }).toEqual({ type: 'ping', id: 1 });
    c.send({ type: 'message', text: 'bye' });
    c.send({ type: 'pong' });
    await expect.poll(() => c.frames.map(typeOf).at(-1), { timeout: 3000 }).toBe('end');
    expect(c.frames.map(typeOf)).toEqual(['ping', 'typing', 'typing', 'typing', 'typing', 'message', 'end']);
  });

  it('reports an error frame when the ping is never answered', async () => {
    const agent = await start({ profile: 'typing' });
    const c = await client(agent.url);
    c.send({ type: 'message', text: 'hello' });
    await expect.poll(() => c.frames.map(typeOf), { timeout: 3000 }).toEqual(['ping', 'error']);
  });
});
