import { createActor } from 'xstate';
import type { SimulationResult } from '../../machines/types.js';
import type { AgentConfig, TestSet } from '../config/types.js';
import { modelPlans } from '../engine/model-plans.js';
import { liveSupervisorMachine } from '../engine/provided.js';
import { simulationFactory } from '../engine/run.js';
import type { StartSimulation } from './driver.js';

/**
 * Starts each simulation under its own one-job supervisor, the statechart `runTestSet` uses, so a
 * load run's results (a crash turned into an `error` result, `cancelled` on abort) are those of
 * a plain run. `supervisor` is the local one, or a queue's (src/queue).
 */
export function supervisedStarter(
  agent: AgentConfig,
  testSet: TestSet,
  supervisor: typeof liveSupervisorMachine = liveSupervisorMachine,
  options: { maxPayload?: number } = {},
): StartSimulation {
  const createSimulation = simulationFactory(agent, testSet, options.maxPayload ? { maxPayload: options.maxPayload } : {}, modelPlans(testSet, {}));
  return (job, signal) =>
    new Promise<SimulationResult | null>((resolve, reject) => {
      let result: SimulationResult | null = null;
      const actor = createActor(supervisor, { input: { jobs: [job], concurrency: 1, createSimulation } });
      const cancel = () => actor.send({ type: 'run.cancel' });
      actor.on('sim.finished', (event) => (result = event.result));
      actor.subscribe({
        complete: () => {
          signal.removeEventListener('abort', cancel);
          resolve(result);
        },
        error: reject,
      });
      signal.addEventListener('abort', cancel, { once: true });
      actor.start();
      if (signal.aborted) cancel();
    });
}
