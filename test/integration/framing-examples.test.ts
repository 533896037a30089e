/**
 * The frame-format examples (README "Frame formats") against their demo agents on 127.0.0.1, each on the real
 * server library where npm has one (sockjs, stomp-broker-js) and from the protocol document where
 * it has none (SignalR's HubProtocol.md): each example's three-turn test set, ten times in a row.
 */
import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../machines/types.js';
import { exampleTestsFile, loadRetargeted } from '../../src/cli/examples/retarget.js';
import { loadTestSet } from '../../src/config/load.js';
import { startDemoAgent, type DemoProfile } from '../../src/demo/index.js';
import { runTestSet } from '../../src/engine/run.js';
import { useConversationCleanup } from '../helpers/conv-configs.js';
import { within } from '../helpers/wait.js';

const { pool, keep } = useConversationCleanup();

async function runExample(profile: DemoProfile, repeat: number): Promise<SimulationResult[]> {
  const agent = keep(await startDemoAgent({ profile, timeScale: 0.2 }));
  const config = await loadRetargeted(profile, agent.url);
  const results: SimulationResult[] = [];
  await within(runTestSet(config, await loadTestSet(exampleTestsFile(profile)), { repeat, concurrency: 5, onResult: (r) => results.push(r) }), 30_000, 'run');
  return results;
}

describe.each(['sockjs', 'stomp', 'stomp-sockjs', 'signalr', 'msgpack'] as const)('examples/%s', (profile) => {
  it('passes its three-turn test set ten times in a row', async () => {
    const results = await runExample(profile, 10);
    expect(results.map((result) => result.error?.message ?? result.verdict)).toEqual(Array(10).fill('passed'));
    for (const result of results) {
      expect(result.transcript.filter((entry) => entry.role === 'agent').map((entry) => entry.text)).toEqual([
        'Hi! How can I help?',
        'We open at 9 am and close at 5 pm.',
        "I'm sorry to hear that.\nRefunds take 5 business days.",
      ]);
      expect(result.dropped.invalidFrame + result.dropped.invalidJson).toBe(0);
    }
  });
});

describe('what each framing counts as protocol', () => {
  it('SockJS: the open frame (and heartbeats); SignalR: the handshake response and hub pings', async () => {
    const [sockjs] = await runExample('sockjs', 1);
    expect(sockjs!.dropped.protocol).toBeGreaterThanOrEqual(1);
    const [signalr] = await runExample('signalr', 1);
    expect(signalr!.dropped.protocol).toBeGreaterThanOrEqual(2);
  });

  it('STOMP: the broker sends heart-beats once CONNECT asks for them, and MESSAGE bodies are read as JSON', async () => {
    const agent = keep(await startDemoAgent({ profile: 'stomp', timeScale: 0.2 }));
    const convo = await within(pool.connect(await loadRetargeted('stomp', agent.url)), 5_000, 'connect');
    expect((await within(convo.send('When do you open?'), 5_000, 'reply')).text).toBe('We open at 9 am and close at 5 pm.');
    await expect.poll(() => convo.stats.dropped.protocol, { timeout: 3_000 }).toBeGreaterThanOrEqual(1);
    const [frames] = agent.received();
    expect(frames).toEqual([{ text: 'When do you open?' }]);
  });
});
