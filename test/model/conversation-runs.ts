/**
 * Runs of the generated conversation paths, memoised per variant: the per-variant tests, the
 * coverage test and the live tests all need them, and each can be run alone (whichever asks first
 * computes them).
 */
import type { AnyMachineSnapshot } from 'xstate';
import { abstractConversation, conversationPaths, type ProfiledPath, type Variant } from './conversation-model.js';
import { startFakeWorld } from './conversation-fake-world.js';
import { liveFeasible } from './conversation-live-world.js';
import { describePath, playPath } from './paths.js';

export interface PathRun {
  planned: ProfiledPath;
  /** Transition keys the engine took on this path. */
  transitions: Set<string>;
  states: Set<string>;
  error: Error | null;
}

const runs = new Map<string, Promise<PathRun[]>>();

async function runAll(variant: Variant): Promise<PathRun[]> {
  const out: PathRun[] = [];
  for (const planned of conversationPaths(variant)) {
    const world = startFakeWorld(variant, planned.profile);
    let error: Error | null = null;
    try {
      await playPath(planned.path, world, abstractConversation);
      if (variant.mode === 'direct' && world.setupStarts > 0) throw new Error('a setup request was started in direct mode');
    } catch (caught) {
      error = caught instanceof Error ? caught : new Error(String(caught));
      error.message = `[${variant.name}, ${planned.profile}] ${describePath(planned.path)}\n${error.message}`;
    } finally {
      world.stop();
    }
    out.push({ planned, transitions: world.recorder.transitions, states: world.recorder.states, error });
  }
  return out;
}

/** Every generated path of `variant`, played on the engine with controllable actors. */
export function fakeRuns(variant: Variant): Promise<PathRun[]> {
  let found = runs.get(variant.name);
  if (!found) {
    found = runAll(variant);
    runs.set(variant.name, found);
  }
  return found;
}

/** Whether a real socket can produce every step of the path (see liveFeasible). */
export function isLiveFeasible(planned: ProfiledPath): boolean {
  const steps = planned.path.steps;
  return steps.every((step, i) => i === 0 || liveFeasible(step.event, steps[i - 1]!.state as AnyMachineSnapshot));
}
