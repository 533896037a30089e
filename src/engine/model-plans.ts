import type { SimulationInput } from '../../machines/types.js';
import type { TestCase, TestSet } from '../config/types.js';
import { ModelCache } from '../models/cache.js';
import { createModelClient, modelSettings } from '../models/client.js';
import type { JudgePlan } from '../models/judge.js';
import type { UserModelPlan } from '../models/simulated-user.js';

/** The `simulate` and `judge` parts of a case's simulation input. */
export interface ModelPlans {
  forCase(testCase: TestCase): Pick<SimulationInput, 'simulate' | 'judge'>;
}

/**
 * One model client per run, shared by every case (it holds no per-conversation state), made only
 * when the test set has an `llm` block, so a scripted run never touches the openai client.
 */
export function modelPlans(testSet: TestSet, options: { llmCache?: string; llmReplay?: boolean }): ModelPlans {
  const llm = testSet.llm;
  if (!llm) return { forCase: () => ({}) };
  const cache = options.llmCache ? new ModelCache(options.llmCache, options.llmReplay === true) : undefined;
  if (options.llmReplay && !cache) throw new TypeError('Expected `llmCache` with `llmReplay`: replay reads answers from the cache folder');
  const complete = createModelClient(llm, cache ? { cache } : {});
  const settings = modelSettings(llm);
  return {
    forCase(testCase) {
      const plans: Pick<SimulationInput, 'simulate' | 'judge'> = {};
      const { simulate, judge } = testCase;
      if (simulate) {
        const plan: UserModelPlan = { complete, llm: settings, simulate };
        plans.simulate = {
          maxTurns: simulate.maxTurns,
          minTurns: simulate.minTurns,
          ...(simulate.firstMessage === undefined ? {} : { firstMessage: simulate.firstMessage }),
          plan,
        };
      }
      if (judge) plans.judge = { plan: { complete, llm: settings, judge } satisfies JudgePlan };
      return plans;
    },
  };
}
