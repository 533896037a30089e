/**
 * `--inspect`: a real run (runTestSet against a loopback agent) streamed through the relay reaches
 * a WebSocket receiver connected to it, as @statelyai/inspect events, without secrets; a page
 * opened late still gets the run; only our own page (or a non-browser client) may listen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseTestSet } from '../../src/config/load.js';
import { runTestSet } from '../../src/engine/run.js';
import { startInspector, type Inspector } from '../../src/observe/inspect.js';
import { echoScript, startScriptedAgent, type ScriptedAgent } from '../helpers/scripted-agent.js';
import { waitUntil, within } from '../helpers/wait.js';

const SECRET = 'inspect-secret-token-31337';

interface Relayed {
  type: string;
  name?: string;
  event?: { type: string };
  snapshot?: { status?: string; value?: unknown };
}

let inspector: Inspector | undefined;
let agent: ScriptedAgent | undefined;
const clients: WebSocket[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await inspector?.stop();
  inspector = undefined;
  await agent?.close();
  agent = undefined;
});

/** A receiver on the relay, collecting what it is sent, once connected. */
async function receiver(url: string, headers: Record<string, string> = {}): Promise<{ client: WebSocket; messages: Relayed[]; raw: string[] }> {
  const client = new WebSocket(url.replace(/^http/, 'ws'), { headers });
  clients.push(client);
  const raw: string[] = [];
  client.on('message', (data) => raw.push(data.toString()));
  await within(
    new Promise<void>((resolve, reject) => {
      client.once('open', () => resolve());
      client.once('error', reject);
    }),
    5_000,
    'the receiver connecting',
  );
  return {
    client,
    raw,
    get messages() {
      return raw.map((text) => JSON.parse(text) as Relayed);
    },
  };
}

const waitFor = (predicate: () => boolean, what: string) => waitUntil(predicate, 10_000, what);

const testSet = parseTestSet({ cases: [{ id: 'greet', turns: ['hello'] }] });

describe('inspector relay', () => {
  it("streams a real run's actor events to a WebSocket receiver, with secrets masked", async () => {
    agent = await startScriptedAgent(echoScript(), { verifyUpgrade: (req) => (req.headers.authorization === `Bearer ${SECRET}` ? null : 401) });
    inspector = await startInspector();
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const live = await receiver(inspector.url);

    const config = {
      connection: { url: agent.url, authorization: `Bearer ${SECRET}`, keepaliveSeconds: 0, connectTimeoutSeconds: 5 },
      coalesceSeconds: 0.05,
      responseTimeoutSeconds: 5,
    };
    const summary = await within(runTestSet(config, testSet, { inspect: inspector.inspect }), 15_000, 'the run');
    expect(summary).toMatchObject({ total: 1, passed: 1 });

    // The inspector converts events after the current tick: wait for the supervisor's last one.
    const supervisorDone = (m: Relayed) => m.type === '@xstate.snapshot' && m.snapshot?.status === 'done' && m.event?.type === 'xstate.done.actor.sim-1';
    await waitFor(() => live.messages.some(supervisorDone), 'the supervisor finishing');

    const { messages } = live;
    expect(messages.filter((m) => m.type === '@xstate.actor').map((m) => m.name)).toEqual(
      expect.arrayContaining(['supervisor', 'sim-1', 'conversation', 'socket']),
    );
    const eventTypes = messages.filter((m) => m.type === '@xstate.event').map((m) => m.event?.type);
    expect(eventTypes).toEqual(expect.arrayContaining(['socket.open', 'socket.message', 'user.message', 'conversation.turn', 'xstate.done.actor.sim-1']));
    expect(messages.some((m) => m.type === '@xstate.snapshot' && JSON.stringify(m.snapshot?.value) === '{"session":"idle"}')).toBe(true);
    for (const text of live.raw) expect(text).not.toContain(SECRET);
    expect(live.raw.join('\n')).toContain('Bearer ****');

    // A page opened after the run still gets every actor and the events.
    const late = await receiver(inspector.url);
    await waitFor(() => late.messages.some(supervisorDone), 'the replay');
    expect(late.messages.filter((m) => m.type === '@xstate.actor').length).toBe(messages.filter((m) => m.type === '@xstate.actor').length);
  }, 30_000);

  it('serves the bridge page that embeds the Stately inspector', async () => {
    inspector = await startInspector();
    const response = await within(fetch(inspector.url), 5_000, 'the page');
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<iframe id="inspector" src="https://stately.ai/inspect"');
    expect(page).toContain("new WebSocket('ws://' + location.host");
  });

  it('relays what one client sends to the others, as createWebSocketInspector clients expect', async () => {
    inspector = await startInspector();
    const other = await receiver(inspector.url);
    const sender = await receiver(inspector.url);
    sender.client.send(JSON.stringify({ type: '@xstate.event', event: { type: 'ping' } }));
    await waitFor(() => other.messages.some((m) => m.event?.type === 'ping'), 'the relayed event');
  });

  it('refuses a WebSocket from any other web page, and closes its port on stop', async () => {
    inspector = await startInspector();
    const url = inspector.url;
    await expect(receiver(url, { Origin: 'http://evil.example' })).rejects.toThrow(/401|403|Unexpected server response/);
    await expect(receiver(url, { Origin: url.slice(0, -1) })).resolves.toBeDefined();

    await inspector.stop();
    inspector = undefined;
    await expect(receiver(url)).rejects.toThrow(/ECONNREFUSED/);
  });
});
