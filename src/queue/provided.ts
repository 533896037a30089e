import type { simulationMachine } from '../../machines/simulation.js';
import { supervisorMachine } from '../../machines/supervisor.js';
import type { QueueClient } from './client.js';
import { queuedSimulationMachine } from './queued-simulation.js';

/**
 * The supervisor of a queue-backed run: the same statechart as a local run, whose `simulation`
 * actor submits each simulation as a job and awaits its result instead of running it here.
 */
export function queueSupervisorMachine(client: QueueClient): typeof supervisorMachine {
  // Same input, same `sim.cancel`, and a result as output (or null: withdrawn before it
  // started). Its machine type differs from the local simulation's, hence the cast.
  const simulation = queuedSimulationMachine(client) as unknown as typeof simulationMachine;
  return supervisorMachine.provide({ actors: { simulation } });
}
