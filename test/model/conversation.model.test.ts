/**
 * Model-based tests of the conversation engine: paths generated from machines/conversation.ts
 * (xstate/graph TestModel) for every input variant are played on the engine, and after every
 * step the engine's state must equal the model's. Every path runs with controllable socket/setup
 * actors on a simulated clock; every path a real socket can produce also runs on real sockets
 * against a loopback agent (timers still on the simulated clock).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { conversationMachine } from '../../machines/conversation.js';
import { listTransitions } from '../../src/diagrams/transitions.js';
import { expectFullCoverage } from './coverage.js';
import { abstractConversation, VARIANTS } from './conversation-model.js';
import { fakeRuns, isLiveFeasible } from './conversation-runs.js';
import { startLiveWorld } from './conversation-live-world.js';
import { startLoopbackAgent, type LoopbackAgent } from './loopback-agent.js';
import { describePath, playPath } from './paths.js';

// Generating and playing a variant's paths takes a second or two; live runs open real sockets.
const VARIANT_MS = 60_000;

describe('conversation machine paths on the engine with controllable actors', () => {
  for (const variant of VARIANTS) {
    it(`plays every generated path and matches the model after each step (${variant.name})`, async () => {
      const runs = await fakeRuns(variant);
      expect(runs.length).toBeGreaterThan(0);
      const failed = runs.filter((run) => run.error !== null);
      expect(failed.map((run) => run.error!.message)).toEqual([]);
    }, VARIANT_MS);
  }

  it('covers every state and every transition of the conversation machine', async () => {
    const runs = (await Promise.all(VARIANTS.map(fakeRuns))).flat();
    expectFullCoverage(conversationMachine, runs, `${runs.length} paths over ${VARIANTS.length} variants`);
  }, VARIANT_MS * 2);
});

describe('conversation machine paths on real sockets', () => {
  let agent: LoopbackAgent | undefined;
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
  });

  // An http step needs an HTTP server as well: test/integration/frames-conditions.test.ts plays it live.
  for (const variant of VARIANTS.filter((candidate) => !candidate.httpStep)) {
    it(`plays every path a real socket can produce against a loopback agent (${variant.name})`, async () => {
      const runs = await fakeRuns(variant);
      // Every path a real socket can play on cue; the rest need an event no socket gives on demand.
      const chosen = runs.filter((run) => run.error === null && isLiveFeasible(run.planned));
      expect(chosen.length).toBeGreaterThan(0);
      agent = await startLoopbackAgent();
      for (const { planned, transitions } of chosen) {
        const world = startLiveWorld(agent, variant, planned.profile);
        try {
          await playPath(planned.path, world, abstractConversation);
          // The real engine took exactly the transitions the controllable one took on this path.
          expect([...world.recorder.transitions].sort(), describePath(planned.path)).toEqual([...transitions].sort());
        } finally {
          world.stop();
        }
      }
      const live = new Set(chosen.flatMap((run) => [...run.transitions]));
      const fakeOnly = listTransitions(conversationMachine).filter(
        (t) => runs.some((run) => run.transitions.has(t.key)) && !live.has(t.key),
      );
      console.log(
        `[${variant.name}] ${chosen.length} of ${runs.length} paths played on real sockets; transitions only reachable with controllable actors: ` +
          (fakeOnly.map((t) => `${t.source.key}: ${t.label}`).join('; ') || 'none'),
      );
    }, VARIANT_MS);
  }
});
