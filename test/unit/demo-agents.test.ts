import { once } from 'node:events';
import { connect as connectTcp, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sleep, waitUntil, within } from '../helpers/wait.js';
import {
  answerFor,
  DEMO_API_TOKEN,
  parseProfile,
  startDemoAgent,
  type DemoAgent,
  type DemoAgentOptions,
} from '../../src/demo/index.js';

const agents: DemoAgent[] = [];
const sockets: WebSocket[] = [];
const rawSockets: Socket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const socket of rawSockets.splice(0)) socket.destroy();
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
});

/** Every wait in these tests is bounded, so a broken agent fails a test instead of hanging it. */


const eventually = (check: () => boolean, what: string, ms = 2000) => waitUntil(check, ms, what, 5);

async function start(options: DemoAgentOptions): Promise<DemoAgent> {
  const agent = await startDemoAgent({ timeScale: 0.2, ...options });
  agents.push(agent);
  return agent;
}

/** A raw ws client that reads the agent's frames in order, with arrival times. */
interface Client {
  ws: WebSocket;
  /** Every frame so far, parsed, with when it arrived (ms, monotonic). */
  log: Array<{ frame: unknown; at: number }>;
  send(value: unknown): void;
  /** The next `count` frames after those already taken. */
  next(count: number, ms?: number): Promise<unknown[]>;
  /** Asserts nothing more arrives for `ms`. */
  quiet(ms: number): Promise<void>;
}

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const ws = new WebSocket(url, { headers });
  sockets.push(ws);
  const log: Client['log'] = [];
  let wake: () => void = () => {};
  let taken = 0;
  ws.on('message', (data) => {
    log.push({ frame: JSON.parse(String(data)) as unknown, at: performance.now() });
    wake();
  });
  await within(once(ws, 'open'), 2000, `open ${url}`);
  const arrived = (count: number): Promise<void> =>
    new Promise((resolve) => {
      wake = () => log.length >= count && resolve();
      wake();
    });
  return {
    ws,
    log,
    send: (value) => ws.send(typeof value === 'string' ? value : JSON.stringify(value)),
    async next(count, ms = 3000) {
      await within(arrived(taken + count), ms, `${count} frame(s) after ${taken}`);
      taken += count;
      return log.slice(taken - count, taken).map((entry) => entry.frame);
    },
    async quiet(ms) {
      await sleep(ms);
      expect(log.slice(taken).map((entry) => entry.frame)).toEqual([]);
    },
  };
}

/** The HTTP status an upgrade is refused with (ws's 'unexpected-response'). */
function refusal(url: string, headers: Record<string, string> = {}): Promise<number> {
  const ws = new WebSocket(url, { headers });
  sockets.push(ws);
  const status = new Promise<number>((resolve, reject) => {
    ws.on('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', reject);
  });
  return within(status, 2000, `refusal of ${url}`);
}

/** Whether something else can listen on the port now. */
async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  try {
    await within(
      new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.listen(port, '127.0.0.1', resolve);
      }),
      2000,
      `listen on ${port}`,
    );
    return true;
  } catch {
    return false;
  } finally {
    if (probe.listening) await new Promise((resolve) => probe.close(resolve));
  }
}

/** Open handles by kind, to show that an agent leaves nothing behind. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

describe('answerFor', () => {
  it('answers by keyword, case-insensitively', () => {
    expect(answerFor('Hello')).toEqual(['Hi! How can I help?']);
    expect(answerFor('hi there')).toEqual(['Hi! How can I help?']);
    expect(answerFor('When do you OPEN?')).toEqual(['We open at 9 am and close at 5 pm.']);
    expect(answerFor('what are your hours')).toEqual(['We open at 9 am and close at 5 pm.']);
    expect(answerFor('What is the price?')).toEqual(['Our basic plan costs $10 a month.']);
    expect(answerFor('how much does it cost')).toEqual(['Our basic plan costs $10 a month.']);
    expect(answerFor('I want a Refund')).toEqual(["I'm sorry to hear that.", 'Refunds take 5 business days.']);
    expect(answerFor('bye')).toEqual(['Goodbye!']);
  });

  it('echoes anything else, and does not mistake words containing a keyword', () => {
    expect(answerFor('this is weird')).toEqual(['You said: this is weird']);
    expect(answerFor('')).toEqual(['You said: ']);
  });

  it('lets a question win over a greeting', () => {
    expect(answerFor('Hi, when do you open?')).toEqual(['We open at 9 am and close at 5 pm.']);
  });

  it('returns a fresh array each time', () => {
    answerFor('refund').push('mutated');
    expect(answerFor('refund')).toHaveLength(2);
  });
});

describe('parseProfile', () => {
  it('accepts the four profiles and lists them for an unknown name', () => {
    for (const name of ['simple', 'burst', 'genesys', 'http-first']) expect(parseProfile(name)).toBe(name);
    expect(() => parseProfile('nope')).toThrow(/"nope".*simple, burst, genesys, http-first/);
  });
});

describe('startDemoAgent options', () => {
  it('refuses non-loopback hosts, bad ports and simple-only options elsewhere', async () => {
    await expect(startDemoAgent({ profile: 'simple', host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    await expect(startDemoAgent({ profile: 'simple', port: 70000 })).rejects.toThrow(/port/);
    await expect(startDemoAgent({ profile: 'burst', authorization: 'x' })).rejects.toThrow(/simple profile only/);
    await expect(startDemoAgent({ profile: 'bogus' as never })).rejects.toThrow(/valid profiles/);
  });

  it('rejects when the port is taken', async () => {
    const agent = await start({ profile: 'simple' });
    await expect(startDemoAgent({ profile: 'burst', port: agent.port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('simple profile', () => {
  it('answers each user message with one frame per answer message', async () => {
    const agent = await start({ profile: 'simple' });
    expect(agent.url).toBe(`ws://127.0.0.1:${agent.port}/ws`);
    const client = await connect(agent.url);
    client.send({ type: 'message', text: 'Hello' });
    expect(await client.next(1)).toEqual([{ type: 'message', text: 'Hi! How can I help?' }]);
    client.send({ type: 'message', text: 'refund please' });
    expect(await client.next(2)).toEqual([
      { type: 'message', text: "I'm sorry to hear that." },
      { type: 'message', text: 'Refunds take 5 business days.' },
    ]);
  });

  it('ignores unknown and non-JSON frames but records them', async () => {
    const agent = await start({ profile: 'simple' });
    const client = await connect(agent.url);
    client.send({ type: 'ping' });
    client.send('not json');
    client.send({ type: 'message', text: 42 });
    await client.quiet(100);
    client.send({ type: 'message', text: 'bye' });
    expect(await client.next(1)).toEqual([{ type: 'message', text: 'Goodbye!' }]);
    expect(agent.received()).toEqual([
      [{ type: 'ping' }, 'not json', { type: 'message', text: 42 }, { type: 'message', text: 'bye' }],
    ]);
  });

  it('refuses a wrong or missing Authorization with 401', async () => {
    const agent = await start({ profile: 'simple', authorization: 'Bearer secret' });
    expect(await refusal(agent.url)).toBe(401);
    expect(await refusal(agent.url, { Authorization: 'Bearer wrong' })).toBe(401);
    await connect(agent.url, { Authorization: 'Bearer secret' });
    expect(agent.stats().total).toBe(1);
  });

  it('refuses a missing or different required header with 403, after the 401 check', async () => {
    const agent = await start({
      profile: 'simple',
      authorization: 'Bearer secret',
      requiredHeaders: { 'X-Tenant': 'acme' },
    });
    const auth = { Authorization: 'Bearer secret' };
    expect(await refusal(agent.url, auth)).toBe(403);
    expect(await refusal(agent.url, { ...auth, 'x-tenant': 'other' })).toBe(403);
    expect(await refusal(agent.url, { 'X-Tenant': 'acme' })).toBe(401);
    await connect(agent.url, { ...auth, 'x-tenant': 'acme' });
  });

  it('requires the init frame before answering', async () => {
    const agent = await start({ profile: 'simple', requireInit: { action: 'start_session', channel: 'web' } });
    const client = await connect(agent.url);
    client.send({ type: 'message', text: 'Hello' });
    expect(await client.next(1)).toEqual([{ type: 'error', text: 'init required' }]);
    client.send({ channel: 'web', action: 'start_session' }); // key order does not matter
    client.send({ type: 'message', text: 'Hello' });
    expect(await client.next(1)).toEqual([{ type: 'message', text: 'Hi! How can I help?' }]);
  });

  it('counts open, peak and total connections', async () => {
    const agent = await start({ profile: 'simple' });
    const clients = await Promise.all([connect(agent.url), connect(agent.url), connect(agent.url)]);
    await eventually(() => agent.stats().open === 3, 'three open');
    clients[0]?.ws.close();
    await eventually(() => agent.stats().open === 2, 'one closed');
    await connect(agent.url);
    await eventually(() => agent.stats().open === 3, 'reopened');
    expect(agent.stats()).toEqual({ open: 3, peak: 3, total: 4 });
    expect(agent.received()).toHaveLength(4);
  });

  it('answers plain HTTP with 426', async () => {
    const agent = await start({ profile: 'simple' });
    const res = await within(fetch(`http://127.0.0.1:${agent.port}/ws`), 2000, 'fetch');
    expect(res.status).toBe(426);
    await res.text();
  });
});

describe('burst profile', () => {
  it('acks, types, sends the answer as a paced burst, then stops typing', async () => {
    // Real pacing (150 ms): a gap this size survives a loaded CI machine's timer jitter.
    const agent = await start({ profile: 'burst', timeScale: 1 });
    const client = await connect(agent.url);
    client.send({ event: 'user_message', payload: { text: 'I need a refund' } });
    expect(await client.next(5)).toEqual([
      { event: 'ack', id: 1 },
      { event: 'typing' },
      { event: 'agent_message', payload: { text: "I'm sorry to hear that." } },
      { event: 'agent_message', payload: { text: 'Refunds take 5 business days.' } },
      { event: 'typing_stopped' },
    ]);
    const [first, second] = [client.log[2]?.at ?? 0, client.log[3]?.at ?? 0];
    expect(second - first).toBeGreaterThanOrEqual(100);
    client.send({ event: 'user_message', payload: { text: 'bye' } });
    expect((await client.next(4))[0]).toEqual({ event: 'ack', id: 2 });
  });

  it('queues a second reply behind the first instead of interleaving', async () => {
    const agent = await start({ profile: 'burst' });
    const client = await connect(agent.url);
    client.send({ event: 'user_message', payload: { text: 'refund' } });
    client.send({ event: 'user_message', payload: { text: 'hello' } });
    const frames = await client.next(9);
    const events = frames.map((frame) => (frame as { event: string }).event);
    expect(events.filter((event) => event !== 'ack')).toEqual([
      'typing', 'agent_message', 'agent_message', 'typing_stopped',
      'typing', 'agent_message', 'typing_stopped',
    ]);
  });

  it('ignores frames in other formats', async () => {
    const agent = await start({ profile: 'burst' });
    const client = await connect(agent.url);
    client.send({ type: 'message', text: 'Hello' });
    await client.quiet(100);
  });
});

describe('genesys profile', () => {
  const configure = (token: string): unknown => ({ action: 'configureSession', deploymentId: 'dep-1', token });
  const onMessage = (token: string, text: string): unknown => ({
    action: 'onMessage',
    token,
    message: { type: 'Text', text },
  });
  const invalidToken = { type: 'response', class: 'string', code: 400, body: 'Invalid token' };
  const outbound = (text: string): unknown => ({
    type: 'message',
    class: 'StructuredMessage',
    code: 200,
    body: { direction: 'Outbound', type: 'Text', text },
  });

  async function openSession(agent: DemoAgent): Promise<Client> {
    const client = await connect(`ws://127.0.0.1:${agent.port}/v1?deploymentId=dep-1`);
    client.send(configure('tok-1'));
    expect(await client.next(1)).toEqual([
      { type: 'response', class: 'SessionResponse', code: 200, body: { connected: true } },
    ]);
    return client;
  }

  it('configures the session, echoes, types, then answers', async () => {
    const agent = await start({ profile: 'genesys' });
    const client = await openSession(agent);
    client.send(onMessage('tok-1', 'refund'));
    expect(await client.next(4)).toEqual([
      {
        type: 'message',
        class: 'StructuredMessage',
        code: 200,
        body: { direction: 'Inbound', type: 'Text', text: 'refund' },
      },
      { type: 'message', class: 'TypingIndicator', body: { direction: 'Outbound' } },
      outbound("I'm sorry to hear that."),
      outbound('Refunds take 5 business days.'),
    ]);
  });

  it('refuses everything before configureSession, and a bad configureSession', async () => {
    const agent = await start({ profile: 'genesys' });
    const client = await connect(agent.url);
    client.send(onMessage('tok-1', 'Hello'));
    client.send({ ...(configure('tok-1') as object), deploymentId: 'other' });
    client.send('not json');
    expect(await client.next(3)).toEqual([invalidToken, invalidToken, invalidToken]);
  });

  it('refuses a different token without ending the session', async () => {
    const agent = await start({ profile: 'genesys' });
    const client = await openSession(agent);
    client.send(onMessage('tok-2', 'Hello'));
    expect(await client.next(1)).toEqual([invalidToken]);
    client.send(onMessage('tok-1', 'Hello'));
    expect((await client.next(3))[2]).toEqual(outbound('Hi! How can I help?'));
  });
});

describe('http-first profile', () => {
  const apiAuth = { Authorization: `Bearer ${DEMO_API_TOKEN}`, 'Content-Type': 'application/json' };

  async function post(agent: DemoAgent, headers: Record<string, string>, body?: string): Promise<Response> {
    return within(fetch(agent.url, { method: 'POST', headers, body }), 2000, 'POST');
  }

  async function provision(agent: DemoAgent): Promise<{ session_id: string; websocket_url: string; token: string }> {
    const res = await post(agent, apiAuth, JSON.stringify({ channel: 'web', language: 'en' }));
    expect(res.status).toBe(201);
    return ((await res.json()) as { data: { session_id: string; websocket_url: string; token: string } }).data;
  }

  it('provisions sessions behind the API token', async () => {
    const agent = await start({ profile: 'http-first' });
    expect(agent.url).toBe(`http://127.0.0.1:${agent.port}/v1/sessions`);
    const denied = await post(agent, { Authorization: 'Bearer wrong' });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ error: 'unauthorized' });
    const session = await provision(agent);
    expect(session.websocket_url).toBe(`ws://127.0.0.1:${agent.port}/ws/${session.session_id}`);
    expect(session.token).toMatch(/^\S{16,}$/);
    const noBody = await post(agent, { Authorization: `Bearer ${DEMO_API_TOKEN}` });
    expect(noBody.status).toBe(201);
    expect(((await noBody.json()) as { data: { token: string } }).data.token).not.toBe(session.token);
  });

  it('answers bad bodies, other paths and other methods', async () => {
    const agent = await start({ profile: 'http-first' });
    expect((await post(agent, apiAuth, '{oops')).status).toBe(400);
    const other = await within(fetch(`http://127.0.0.1:${agent.port}/elsewhere`), 2000, 'GET');
    expect(other.status).toBe(404);
    await other.text();
    const get = await within(fetch(agent.url), 2000, 'GET');
    expect(get.status).toBe(405);
    await get.text();
  });

  it("needs a known session and that session's own token on the upgrade", async () => {
    const agent = await start({ profile: 'http-first' });
    const [first, second] = [await provision(agent), await provision(agent)];
    const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });
    expect(await refusal(`ws://127.0.0.1:${agent.port}/ws/unknown`, bearer(first.token))).toBe(404);
    expect(await refusal(`ws://127.0.0.1:${agent.port}/other`, bearer(first.token))).toBe(404);
    expect(await refusal(first.websocket_url)).toBe(401);
    expect(await refusal(first.websocket_url, bearer(second.token))).toBe(401);
    expect(await refusal(first.websocket_url, bearer(DEMO_API_TOKEN))).toBe(401);
    const client = await connect(first.websocket_url, bearer(first.token));
    expect(await client.next(2)).toEqual([
      { type: 'session_ready' },
      { type: 'message', text: 'Welcome! Ask me anything.' },
    ]);
    client.send({ type: 'message', text: 'What does it cost?' });
    expect(await client.next(1)).toEqual([{ type: 'message', text: 'Our basic plan costs $10 a month.' }]);
  });
});

describe('close()', () => {
  it('releases the port, and is idempotent', async () => {
    const agent = await start({ profile: 'simple' });
    const client = await connect(agent.url);
    const closed = once(client.ws, 'close');
    await Promise.all([agent.close(), agent.close()]);
    await agent.close();
    expect(agent.stats()).toEqual({ open: 0, peak: 1, total: 1 });
    await within(closed, 2000, 'client close');
    expect(await portIsFree(agent.port)).toBe(true);
    const again = await start({ profile: 'simple', port: agent.port });
    expect(again.port).toBe(agent.port);
  });

  it('releases an http-first port with idle keep-alive HTTP connections', async () => {
    const agent = await start({ profile: 'http-first' });
    const res = await post(agent);
    await res.text();
    await within(agent.close(), 2000, 'close');
    expect(await portIsFree(agent.port)).toBe(true);

    function post(target: DemoAgent): Promise<Response> {
      return fetch(target.url, { method: 'POST', headers: { Authorization: `Bearer ${DEMO_API_TOKEN}` } });
    }
  });

  it('does not wait for a client stuck halfway through its request', async () => {
    const agent = await start({ profile: 'simple' });
    const stuck = connectTcp(agent.port, '127.0.0.1');
    rawSockets.push(stuck);
    await within(once(stuck, 'connect'), 2000, 'tcp connect');
    stuck.write('GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // headers never finish
    // A later request answered means the server has accepted the stuck one (accepts are in order).
    await within(fetch(`http://127.0.0.1:${agent.port}/`), 2000, 'a later request');
    await within(agent.close(), 2000, 'close');
    await within(once(stuck, 'close'), 2000, 'the stuck socket to be closed');
    expect(await portIsFree(agent.port)).toBe(true);
  });

  it('leaves no timers or sockets behind, even mid-reply', async () => {
    const before = handles();
    const agent = await start({ profile: 'burst', timeScale: 1 });
    const client = await connect(agent.url);
    client.send({ event: 'user_message', payload: { text: 'refund' } });
    await client.next(2); // ack and typing: the paced answer is now pending
    const closed = once(client.ws, 'close');
    await within(agent.close(), 2000, 'close');
    await within(closed, 2000, 'client close');
    for (const kind of ['Timeout', 'TCPServerWrap', 'TCPSocketWrap']) {
      await expect.poll(() => handles()[kind] ?? 0, { message: kind, timeout: 2000 }).toBeLessThanOrEqual(before[kind] ?? 0);
    }
  });

  it('clears a connection’s timers when its client leaves mid-reply', async () => {
    const agent = await start({ profile: 'genesys', timeScale: 1 });
    const baseline = handles().Timeout ?? 0;
    const client = await connect(agent.url);
    client.send({ action: 'configureSession', deploymentId: 'dep-1', token: 't' });
    client.send({ action: 'onMessage', token: 't', message: { type: 'Text', text: 'refund' } });
    await client.next(3); // session response, echo, typing: the answer is now pending
    client.ws.terminate();
    await eventually(() => agent.stats().open === 0, 'the agent to see the client leave');
    await expect.poll(() => handles().Timeout ?? 0, { timeout: 2000 }).toBeLessThanOrEqual(baseline);
    expect(agent.received()[0]).toHaveLength(2);
  });
});
