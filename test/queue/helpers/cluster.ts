import { readFileSync, existsSync } from 'node:fs';
import type { SimulationResult } from '../../../machines/types.js';
import { startCli, type CliChild } from '../../e2e/helpers/cli.js';
import { agentConfig, type Scratch } from '../../e2e/helpers/files.js';

/** Every child process a test started, killed by PID when it ends (whatever happened). */
export class Children {
  private readonly started: CliChild[] = [];

  add(child: CliChild): CliChild {
    this.started.push(child);
    return child;
  }

  killAll(): void {
    for (const { child } of this.started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

export interface WorkerArgs {
  url: string;
  queueName: string;
  concurrency?: number;
  lockSeconds?: number;
  stallCheckSeconds?: number;
}

/** Starts `parley worker` (the built CLI) and resolves once it says it is ready. */
export async function startWorkerProcess(children: Children, args: WorkerArgs): Promise<CliChild> {
  const flags = ['worker', '--queue', args.url, '--queue-name', args.queueName, '--concurrency', String(args.concurrency ?? 8)];
  if (args.lockSeconds) flags.push('--lock-seconds', String(args.lockSeconds));
  if (args.stallCheckSeconds) flags.push('--stall-check-seconds', String(args.stallCheckSeconds));
  const worker = children.add(startCli(flags));
  await worker.waitForOutput(/Worker ready/, 15_000);
  return worker;
}

/** Writes an agent config and a test set of `cases` one-turn cases; returns their paths. */
export async function writeRunFiles(files: Scratch, agentUrl: string, cases: number, responseTimeoutSeconds = 10): Promise<{ agent: string; tests: string; out: string }> {
  const agent = await files.write('agent.yaml', agentConfig(agentUrl, { coalesceSeconds: 0.05, responseTimeoutSeconds }));
  const tests = await files.write('tests.yaml', {
    name: 'load',
    cases: Array.from({ length: cases }, (_, index) => ({ id: `case-${index + 1}`, turns: ['hello'] })),
  });
  return { agent, tests, out: `${files.dir}/results-${Math.random().toString(36).slice(2)}.jsonl` };
}

/** Starts `parley run --queue …` writing to `out` (`extra`: more flags). */
export function startQueueRun(
  children: Children,
  run: { agent: string; tests: string; out: string },
  queue: { url: string; queueName: string; concurrency: number },
  extra: string[] = [],
): CliChild {
  return children.add(
    startCli([
      'run', '--agent', run.agent, '--tests', run.tests, '--out', run.out, '--json',
      '--queue', queue.url, '--queue-name', queue.queueName, '--concurrency', String(queue.concurrency),
      ...extra,
    ]),
  );
}

/** The results written so far. */
export function resultsIn(out: string): SimulationResult[] {
  if (!existsSync(out)) return [];
  return readFileSync(out, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as SimulationResult);
}

/** `caseId#iteration` of each result, sorted: equal to the planned list when each came once. */
export function reported(results: SimulationResult[]): string[] {
  return results.map((result) => `${result.caseId}#${result.iteration}`).sort();
}

export function planned(cases: number): string[] {
  return Array.from({ length: cases }, (_, index) => `case-${index + 1}#1`).sort();
}
