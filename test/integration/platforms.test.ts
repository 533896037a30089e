/**
 * The bundled platform examples (README "Connecting to your agent") against their demo agents, each built on the platform's
 * own server library where one exists: graphql-ws, Direct Line 3.0 and JSON-RPC with a late login
 * (socket.io has its own file). The configs are the example files, as a user would copy them.
 */
import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../machines/types.js';
import { loadRetargeted } from '../../src/cli/examples/retarget.js';
import { parseAgentConfig, parseTestSet } from '../../src/config/load.js';
import { startDemoAgent } from '../../src/demo/index.js';
import { runTestSet } from '../../src/engine/run.js';
import { useConversationCleanup } from '../helpers/conv-configs.js';
import { within } from '../helpers/wait.js';

const { pool, keep } = useConversationCleanup();

const twoTurns = parseTestSet({
  cases: [{ id: 'two-turns', turns: [{ user: 'Hello', expect: { contains: 'help' } }, { user: 'I want a refund', expect: { contains: '5 business days' } }] }],
});

async function run(config: Parameters<typeof runTestSet>[0], repeat = 1, testSet = twoTurns): Promise<SimulationResult[]> {
  const results: SimulationResult[] = [];
  await runTestSet(config, testSet, { repeat, onResult: (result) => results.push(result) });
  return results;
}

describe('graphql-ws (the graphql-ws server library)', () => {
  it('offers graphql-transport-ws, acks, subscribes, and sends each message as a mutation', async () => {
    const agent = keep(await startDemoAgent({ profile: 'graphql', timeScale: 0.2 }));
    const config = await loadRetargeted('graphql', agent.url);
    const convo = await within(pool.connect(config), 5_000, 'connect');
    expect(convo.stats.timings.subprotocol).toBe('graphql-transport-ws');
    expect((await within(convo.send('I want a refund'), 5_000, 'reply')).messages).toEqual(["I'm sorry to hear that.", 'Refunds take 5 business days.']);
    const [frames] = agent.received();
    expect(frames!.map((frame) => (frame as { type: string }).type)).toEqual(['connection_init', 'subscribe', 'subscribe']);
    // The mutation's own result (no messages text) and its complete are dropped, not text.
    await expect.poll(() => convo.stats.dropped.noText + convo.stats.dropped.type).toBeGreaterThanOrEqual(2);
  });

  it('passes a two-turn case in a run', async () => {
    const agent = keep(await startDemoAgent({ profile: 'graphql', timeScale: 0.2 }));
    expect((await run(await loadRetargeted('graphql', agent.url))).map((r) => r.verdict)).toEqual(['passed']);
  });
});

describe('Direct Line 3.0 (HTTP start, activities by POST, replies on the stream)', () => {
  it('starts over HTTP, posts each activity with the conversation token, and keeps only the bot activities', async () => {
    const agent = keep(await startDemoAgent({ profile: 'directline', timeScale: 0.2 }));
    const [result] = await run(await loadRetargeted('directline', agent.url));
    expect(result).toMatchObject({ verdict: 'passed', error: null });
    // The stream echoes our own two activities (direction), sends a typing activity per reply
    // (typing) and empty keepalive frames (invalidJson); the refund's two messages share one set.
    expect(result!.dropped).toMatchObject({ direction: 2, typing: 2 });
    expect(result!.dropped.invalidJson).toBeGreaterThan(0);
    expect(result!.transcript.at(-1)).toMatchObject({ messages: ["I'm sorry to hear that.", 'Refunds take 5 business days.'] });
    expect(result!.timings.setupMs).toEqual(expect.any(Number));
  });

  it('a goodbye ends with endOfConversation: on time after the last turn, agent-closed before it', async () => {
    const agent = keep(await startDemoAgent({ profile: 'directline', timeScale: 0.2 }));
    const config = await loadRetargeted('directline', agent.url);
    const goodbye = (turns: string[]) => parseTestSet({ cases: [{ id: 'bye', turns }] });
    expect(await run(config, 1, goodbye(['Thanks, bye']))).toMatchObject([{ verdict: 'passed', dropped: { end: 1 } }]);
    expect(await run(config, 1, goodbye(['bye', 'are you there?']))).toMatchObject([{ verdict: 'failed', error: { code: 'agent-closed' } }]);
  });

  it('a wrong secret on the conversation start is setup-failed', async () => {
    const agent = keep(await startDemoAgent({ profile: 'directline' }));
    const raw = parseAgentConfig({
      connection: { mode: 'http-first', setup: { url: agent.url, headers: { Authorization: 'Bearer wrong' }, websocketUrlPath: 'streamUrl' } },
    });
    expect(await run(raw)).toMatchObject([{ verdict: 'error', error: { code: 'setup-failed' } }]);
  });
});

describe('JSON-RPC 2.0 with a login that answers late', () => {
  const oneTurn = parseTestSet({ cases: [{ id: 'hours', turns: [{ user: 'When do you open?', expect: { contains: '9 am' } }] }] });

  it('never races the login: 200 runs, zero failures', async () => {
    const agent = keep(await startDemoAgent({ profile: 'jsonrpc' }));
    const results = await within(run(await loadRetargeted('jsonrpc', agent.url), 200, oneTurn), 60_000, '200 runs');
    expect(results).toHaveLength(200);
    expect(results.filter((r) => r.verdict !== 'passed').map((r) => r.error)).toEqual([]);
  }, 90_000);

  it('without the handshake step, the first message does race the login (the failure the step prevents)', async () => {
    const agent = keep(await startDemoAgent({ profile: 'jsonrpc' }));
    const config = await loadRetargeted('jsonrpc', agent.url);
    const racing = parseAgentConfig({
      connection: { url: config.connection.url, init: config.handshake.steps[0]!.send },
      messages: { ...config.messages },
      responseTimeoutSeconds: 0.5,
    });
    const results = await run(racing, 5, oneTurn);
    expect(results.filter((r) => r.error?.code === 'response-timeout').length).toBeGreaterThan(0);
  });
});
