import type { SimulationResult } from '../../../machines/types.js';
import { loadTestSet } from '../../config/load.js';
import { startDemoAgent, type DemoAgent } from '../../demo/index.js';
import { runTestSet } from '../../engine/run.js';
import { formatDemoTotals, formatExampleRun, type ExampleRun } from '../../report/demo-report.js';
import { type ExampleEntry } from '../examples/catalog.js';
import { examplesToRun, formatSkippedExample } from '../examples/needs-model.js';
import { exampleTestsFile, loadRetargeted } from '../examples/retarget.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { abortOnInterrupt, interruptedExit } from '../interrupt.js';
import type { CliIO } from '../io.js';
import { inCaseOrder } from '../../report/case-order.js';

/**
 * Starts one demo agent per example, runs every example's test set against its agent (all at
 * once: they share nothing), and prints a report per example in catalogue order.
 */
export async function demoCommand(io: CliIO): Promise<ExitCode> {
  const startedAt = performance.now();
  const agents: DemoAgent[] = [];
  const controller = new AbortController();
  const release = abortOnInterrupt(controller);
  try {
    const { runnable, skipped } = examplesToRun(process.env);
    for (const entry of runnable) agents.push(await startDemoAgent(entry.agent));
    io.err(`Running ${runnable.length} examples against ${agents.length} demo agents on 127.0.0.1…`);
    // Each example listens on a signal of its own that follows the interrupt: a dozen runs at once
    // on the one signal would be a dozen abort listeners on it (MaxListenersExceededWarning).
    const run = (entry: ExampleEntry) => runExample(entry, agents[runnable.indexOf(entry)]!, AbortSignal.any([controller.signal]));
    // A repeated example is a flood: it runs after the others, so their timing never feels it.
    const single = await Promise.all(runnable.filter((entry) => !entry.repeat).map(run));
    const repeated: ExampleRun[] = [];
    for (const entry of runnable.filter((e) => e.repeat)) repeated.push(await run(entry));
    const runs = runnable.map((entry) => [...single, ...repeated].find((r) => r.dir === entry.dir)!);
    for (const run of runs) io.out(formatExampleRun(run).join('\n'));
    for (const entry of skipped) io.out(formatSkippedExample(entry).join('\n'));
    io.out(formatDemoTotals(runs, performance.now() - startedAt).join('\n'));
    return exitCodeOf(runs, controller.signal);
  } finally {
    release();
    await Promise.all(agents.map((agent) => agent.close()));
  }
}

async function runExample(entry: ExampleEntry, agent: DemoAgent, signal: AbortSignal): Promise<ExampleRun> {
  const [config, testSet] = await Promise.all([loadRetargeted(entry.dir, agent.url), loadTestSet(exampleTestsFile(entry.dir))]);
  const results: SimulationResult[] = [];
  const summary = await runTestSet(config, testSet, { signal, repeat: entry.repeat ?? 1, onResult: (result) => results.push(result) });
  // A repeated example shows its first iteration's transcripts; the summary counts every run.
  const shown = results.filter((result) => result.iteration === 1 || result.verdict !== 'passed');
  return { dir: entry.dir, title: entry.title, agentUrl: agent.url, summary, results: inCaseOrder(shown, testSet) };
}


function exitCodeOf(runs: readonly ExampleRun[], stop: AbortSignal): ExitCode {
  if (stop.aborted) return interruptedExit(stop);
  return runs.every((run) => run.summary.total > 0 && run.summary.passed === run.summary.total) ? EXIT.ok : EXIT.failed;
}
