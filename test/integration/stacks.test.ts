/**
 * The README "Frame formats" stacks written from their protocol documents (OpenAI Realtime, Pusher private
 * channels, Phoenix Channels, Azure Web PubSub, Rocket.Chat DDP), each run from its bundled example
 * as a user would: three turns green ten times in a row, and the refusals ending as `agent-error`
 * within a second rather than after a timeout.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { SimulationResult } from '../../machines/types.js';
import { exampleTestsFile, loadRetargeted, readExampleAgent, retarget } from '../../src/cli/examples/retarget.js';
import { parseAgentConfig, parseTestSet } from '../../src/config/load.js';
import type { AgentConfig, TestSet } from '../../src/config/types.js';
import { startDemoAgent, type DemoProfile } from '../../src/demo/index.js';
import { runTestSet } from '../../src/engine/run.js';
import { useConversationCleanup } from '../helpers/conv-configs.js';
import { within } from '../helpers/wait.js';

const { keep } = useConversationCleanup();

async function run(config: AgentConfig, testSet: TestSet, repeat = 1): Promise<SimulationResult[]> {
  const results: SimulationResult[] = [];
  await within(runTestSet(config, testSet, { repeat, onResult: (result) => results.push(result) }), 30_000, 'run');
  return results;
}

const STACKS: Array<[DemoProfile, string]> = [
  ['openai-realtime', 'openai-realtime'],
  ['pusher', 'pusher'],
  ['phoenix', 'phoenix'],
  ['azure-pubsub', 'azure-pubsub'],
  ['ddp', 'rocketchat-ddp'],
];

describe('every stack runs its example three-turn test set green ten times in a row', () => {
  it.each(STACKS)('%s (examples/%s)', async (profile, dir) => {
    const agent = keep(await startDemoAgent({ profile, timeScale: 0.2 }));
    const config = await loadRetargeted(dir, agent.url);
    const testSet = parseTestSet(parse(await readFile(exampleTestsFile(dir), 'utf8')));
    const results = await run(config, testSet, 10);
    expect(results.map((result) => result.error?.message ?? result.verdict)).toEqual(Array(10).fill('passed'));
  });
});

/** The example with some of its fields changed, as a user would edit a copy. */
async function edited(dir: string, url: string, edit: (raw: Record<string, any>) => void): Promise<AgentConfig> {
  const raw = structuredClone(retarget(await readExampleAgent(dir), url)) as Record<string, any>;
  edit(raw);
  return parseAgentConfig(raw);
}

const oneTurn = parseTestSet({ cases: [{ id: 'hello', turns: ['Hello'] }] });

describe('refusals end the case as agent-error within a second', () => {
  it('a refused Phoenix join (phx_reply with status error)', async () => {
    const agent = keep(await startDemoAgent({ profile: 'phoenix', timeScale: 0.2 }));
    const config = await edited('phoenix', agent.url, (raw) => {
      raw.handshake.steps[0].send.topic = 'room:secret';
      raw.handshake.timeoutSeconds = 30;
    });
    const started = performance.now();
    const [result] = await run(config, oneTurn);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result).toMatchObject({ verdict: 'error', error: { code: 'agent-error', message: expect.stringContaining('unauthorized') } });
  });

  it('a failed Azure Web PubSub ack (success false)', async () => {
    const agent = keep(await startDemoAgent({ profile: 'azure-pubsub', timeScale: 0.2 }));
    const config = await edited('azure-pubsub', agent.url, (raw) => {
      raw.messages.sendTemplate.group = 'managers';
    });
    const started = performance.now();
    const [result] = await run(config, oneTurn);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result).toMatchObject({ verdict: 'failed', error: { code: 'agent-error', message: expect.stringContaining('no permission to send to group managers') } });
  });

  it('a DDP login that fails (a method result with an error)', async () => {
    const agent = keep(await startDemoAgent({ profile: 'ddp', timeScale: 0.2 }));
    const config = await edited('rocketchat-ddp', agent.url, (raw) => {
      raw.handshake.steps[1].send.params[0].resume = 'expired';
    });
    const started = performance.now();
    const [result] = await run(config, oneTurn);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result).toMatchObject({ error: { code: 'agent-error', message: expect.stringContaining('logged out') } });
  });

  it('OpenAI Realtime: the response.create alone (no item) is an error event, flagged by errorTypes', async () => {
    const agent = keep(await startDemoAgent({ profile: 'openai-realtime', timeScale: 0.2 }));
    const config = await edited('openai-realtime', agent.url, (raw) => {
      raw.messages.sendFrames = [{ type: 'response.create', note: '{{message}}' }];
    });
    const [result] = await run(config, oneTurn);
    expect(result).toMatchObject({ error: { code: 'agent-error', message: expect.stringContaining('no new user item') } });
  });

  it('Pusher: a subscription without the signed auth is refused (pusher:error)', async () => {
    const agent = keep(await startDemoAgent({ profile: 'pusher', timeScale: 0.2 }));
    const config = await edited('pusher', agent.url, (raw) => {
      raw.handshake.steps[2].send.data.auth = 'demo-key:forged';
    });
    const [result] = await run(config, oneTurn);
    expect(result).toMatchObject({ error: { code: 'agent-error', message: expect.stringContaining('Invalid signature') } });
  });
});
