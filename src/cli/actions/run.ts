import { mkdirSync } from 'node:fs';
import type { SimulationResult } from '../../../machines/types.js';
import type { AgentConfig, TestSet } from '../../config/types.js';
import type { RunSummary } from '../../engine/summary.js';
import { formatHumanSummary } from '../../report/human-summary.js';
import { formatJsonSummary } from '../../report/json-summary.js';
import { createProgress } from '../../report/progress.js';
import type { RunFlags } from '../flags/run.js';
import { defaultOutPath } from '../default-out.js';
import { CliExit, EXIT, type ExitCode } from '../exit-codes.js';
import { abortOnInterrupt, untilStopped } from '../interrupt.js';
import type { CliIO } from '../io.js';
import { inCaseOrder } from '../../report/case-order.js';
import { loadInputs } from '../load-inputs.js';
import { startObservers, type Observers } from '../observers.js';
import { prepareOutFile } from '../out-file.js';
import { checkQueue, runnerFor } from '../queue-run.js';

/** What a finished (or interrupted) run leaves for the summary. */
interface RunOutcome {
  summary: RunSummary;
  failures: SimulationResult[];
  /** Results with a judgement, for the summary's per-criterion lines. */
  judged: SimulationResult[];
  interrupted: boolean;
}

/** Loads, runs with progress, prints the summary; the exit code follows SPEC §7. */
export async function runCommand(flags: RunFlags, io: CliIO): Promise<ExitCode> {
  if (flags.llmReplay && !flags.llmCache) throw new CliExit(EXIT.usage, 'parley run: --llm-replay needs --llm-cache <dir> (the answers are replayed from there)');
  if (flags.llmCache) ensureCacheFolder(flags.llmCache);
  const { agent, tests } = await loadInputs({ agent: flags.agent, tests: flags.tests });
  const testSet = tests!;
  await checkQueue(flags, io);
  const out = prepareOutFile(flags.out ?? defaultOutPath());
  io.err(`Writing results to ${out}`);
  const observers = await startObservers(flags, io);
  try {
    const outcome = await runWithProgress(agent, testSet, { flags, out, observers, io });
    printSummary(outcome, { flags, agent, testSet, io });
    if (observers.inspectorUrl && io.errIsTTY && !outcome.interrupted) await lingerForInspector(observers.inspectorUrl, io);
    return exitCodeOf(outcome);
  } finally {
    await observers.close();
  }
}

async function runWithProgress(
  agent: AgentConfig,
  testSet: TestSet,
  context: { flags: RunFlags; out: string; observers: Observers; io: CliIO },
): Promise<RunOutcome> {
  const { flags, io } = context;
  const controller = new AbortController();
  const release = abortOnInterrupt(controller, () => io.err('\nInterrupted: ending running simulations as cancelled… (Ctrl-C again to quit now)'));
  const planned = testSet.cases.length * flags.repeat;
  const progress = createProgress({ stream: io.stderr, tty: io.errIsTTY, total: planned, repeated: flags.repeat > 1 });
  const failures: SimulationResult[] = [];
  const judged: SimulationResult[] = [];
  try {
    const run = await runnerFor(flags);
    const summary = await run(agent, testSet, {
      concurrency: flags.concurrency,
      repeat: flags.repeat,
      out: context.out,
      signal: controller.signal,
      ...(context.observers.inspect ? { inspect: context.observers.inspect } : {}),
      onResult: (result) => {
        progress.finished(result);
        if (result.verdict !== 'passed') failures.push(result);
        if (result.judgement) judged.push(result);
      },
      ...(flags.llmCache ? { llmCache: flags.llmCache } : {}),
      ...(flags.llmReplay ? { llmReplay: true } : {}),
    });
    return { summary, failures, judged, interrupted: controller.signal.aborted || summary.cancelled };
  } finally {
    progress.stop();
    release();
  }
}

function printSummary(outcome: RunOutcome, context: { flags: RunFlags; agent: AgentConfig; testSet: TestSet; io: CliIO }): void {
  const { flags, agent, testSet, io } = context;
  if (flags.json) {
    io.out(formatJsonSummary(outcome.summary));
    return;
  }
  const lines = formatHumanSummary({
    summary: outcome.summary,
    failures: inCaseOrder(outcome.failures, testSet),
    planned: testSet.cases.length * flags.repeat,
    agentName: agent.name,
    testSetName: testSet.name,
    repeated: flags.repeat > 1,
    judged: inCaseOrder(outcome.judged, testSet),
  });
  io.out(lines.join('\n'));
}


/**
 * A run is often over before a browser has opened the inspector page: at a terminal, keep the
 * relay up until Ctrl-C so the page can still replay it. Without a terminal nobody could press
 * Ctrl-C, so the command ends as usual.
 */
async function lingerForInspector(url: string, io: CliIO): Promise<void> {
  io.err(`The inspector is still serving this run at ${url}: press Ctrl-C to exit.`);
  await untilStopped();
}

/** A cache folder that cannot be made is bad usage, said before anything connects. */
function ensureCacheFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new CliExit(EXIT.usage, `parley run: --llm-cache ${dir}: cannot create the folder (${reason})`);
  }
}

function exitCodeOf(outcome: RunOutcome): ExitCode {
  if (outcome.interrupted) return EXIT.interrupted;
  const { passed, total } = outcome.summary;
  return passed === total && total > 0 ? EXIT.ok : EXIT.failed;
}
