import { createActor, type InspectionEvent } from 'xstate';
import type { Job, SimulationInput, SimulationResult } from '../../machines/types.js';
import { checkTestSetAgainstAgent } from '../config/cross-check.js';
import { ensureAgentConfig } from '../config/ensure.js';
import { ConfigError } from '../errors.js';
import type { AgentConfig, TestSet } from '../config/types.js';
import { pickChoice } from './clicks.js';
import { createChecker } from './expectations.js';
import { modelPlans, type ModelPlans } from './model-plans.js';
import { renderUserText } from './vars.js';
import { planConversation, type PlanOptions } from './plan.js';
import { loadTransport } from '../transport/transport-actor.js';
import { bailCancelled, bailingSupervisor } from './bail.js';
import { liveSupervisorMachine } from './provided.js';
import { ResultsWriter } from './results-writer.js';
import { SummaryBuilder, type RunSummary } from './summary.js';

/** Options of {@link runTestSet}; each default is applied once, here. */
export interface RunOptions {
  /** Most simulations alive at once. @default 8 */
  concurrency?: number;
  /** How many times each case runs; results are numbered by `iteration`. @default 1 */
  repeat?: number;
  /** Called with each result the moment its simulation ends. */
  onResult?: (result: SimulationResult) => void;
  /** Called as each simulation starts. */
  onStart?: (job: Job) => void;
  /** Aborting stops new simulations; running ones end `cancelled` with their transcripts so far. */
  signal?: AbortSignal;
  /** A JSONL file each result is appended to (and flushed) as it arrives. @default none */
  out?: string;
  /** Sees every actor event (`--inspect`, `--trace`). */
  inspect?: (event: InspectionEvent) => void;
  /** Largest agent frame accepted, in bytes. @default 4 MiB */
  maxPayload?: number;
  /** `--llm-cache`: a folder where every model answer is kept under the SHA-256 of its request. @default none */
  llmCache?: string;
  /** `--llm-replay`: answers only from `llmCache`; a request missing there is `llm-failed`. @default false */
  llmReplay?: boolean;
  /**
   * The supervisor statechart with its simulations provided: local ones, or ones that run as jobs
   * on a queue (`runOnQueue`, src/queue). @default liveSupervisorMachine
   */
  supervisor?: typeof liveSupervisorMachine;
  /**
   * Stop at the first simulation that does not pass (`--bail`): nothing starts after it, and
   * simulations still running end `cancelled`, saying why. @default false
   */
  bail?: boolean;
}

const DEFAULTS = { concurrency: 8, repeat: 1 } as const;

export function wholeNumber(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`Expected \`${name}\` to be a whole number from 1 and up, got \`${String(value)}\` (${typeof value})`);
  }
  return value;
}

export function jobsOf(testSet: TestSet, repeat: number): Job[] {
  const jobs: Job[] = [];
  for (let iteration = 1; iteration <= repeat; iteration++) {
    testSet.cases.forEach((testCase, caseIndex) => jobs.push({ caseIndex, caseId: testCase.id, iteration }));
  }
  return jobs;
}

/**
 * Builds each simulation's input when it starts (also used by queue workers, src/queue). A worker
 * passes no `models`: it asks the test set's model directly, without a cache.
 */
export function simulationFactory(
  config: AgentConfig,
  testSet: TestSet,
  planOptions: PlanOptions,
  models: ModelPlans = modelPlans(testSet, {}),
): (job: Job) => SimulationInput {
  const checkers = testSet.cases.map(createChecker);
  return (job) => {
    const testCase = testSet.cases[job.caseIndex]!;
    return {
      caseId: job.caseId,
      iteration: job.iteration,
      agentFirst: testCase.agentFirst,
      turns: testCase.turns,
      conversation: planConversation(config, { ...planOptions, caseId: job.caseId }).input,
      check: checkers[job.caseIndex]!,
      renderUser: (turn, text, vars) => renderUserText(text, vars, turn),
      pickChoice,
      ...(testCase.turns.some((turn) => turn.capture) ? { captures: true } : {}),
      ...models.forCase(testCase),
    };
  };
}

/**
 * Runs every case of a test set against one agent (README "Runs" and README "Library") and resolves with the summary.
 * Never rejects because a simulation failed: failures are results.
 */
export async function runTestSet(
  config: AgentConfig | Record<string, unknown>,
  testSet: TestSet,
  options: RunOptions = {},
): Promise<RunSummary> {
  const agent = ensureAgentConfig(config);
  const issues = checkTestSetAgainstAgent(agent, testSet);
  if (issues.length > 0) throw new ConfigError(issues);
  await loadTransport(agent);
  const concurrency = wholeNumber('concurrency', options.concurrency ?? DEFAULTS.concurrency);
  const repeat = wholeNumber('repeat', options.repeat ?? DEFAULTS.repeat);
  const writer = options.out ? new ResultsWriter(options.out, testSet.name) : null;
  const summary = new SummaryBuilder();
  const startedAt = performance.now();
  const planOptions: PlanOptions = options.maxPayload ? { maxPayload: options.maxPayload } : {};

  // A signal aborted before the call starts nothing at all.
  const jobs = options.signal?.aborted ? [] : jobsOf(testSet, repeat);
  const supervisor = options.supervisor ?? liveSupervisorMachine;
  const actor = createActor(options.bail ? bailingSupervisor(supervisor) : supervisor, {
    input: { jobs, concurrency, createSimulation: simulationFactory(agent, testSet, planOptions, modelPlans(testSet, options)) },
    ...(options.inspect ? { inspect: options.inspect } : {}),
  });
  const cancel = () => {
    if (actor.getSnapshot().status === 'active') actor.send({ type: 'run.cancel' });
  };
  let bailed = false;
  // A throwing callback or a failed write (disk full) must not crash the process: it stops the
  // run like an interrupt, and runTestSet rejects with it once everything running has ended.
  let callbackError: unknown;
  const guarded = (work: () => void) => {
    try {
      work();
    } catch (error) {
      callbackError ??= error;
      cancel();
    }
  };
  actor.on('sim.started', ({ job }) => guarded(() => options.onStart?.(job)));
  actor.on('sim.finished', ({ result: finished }) => {
    const result = bailed ? bailCancelled(finished) : finished;
    summary.add(result);
    guarded(() => {
      writer?.write(result);
      options.onResult?.(result);
    });
    if (options.bail && !bailed && result.verdict !== 'passed' && !options.signal?.aborted) {
      bailed = true;
      cancel();
    }
  });

  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    const done = new Promise<boolean>((resolve, reject) => {
      actor.subscribe({ complete: () => resolve(actor.getSnapshot().output!.cancelled), error: reject });
    });
    actor.start();
    if (options.signal?.aborted) cancel();
    const cancelled = (await done) || options.signal?.aborted === true;
    if (callbackError !== undefined) throw callbackError;
    return summary.build({ durationMs: Math.round(performance.now() - startedAt), out: writer?.path ?? null, cancelled });
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    writer?.close();
  }
}
