import type { SimulationResult } from '../../../machines/types.js';
import type { AgentConfig, TestSet } from '../../config/types.js';
import type { RunSummary } from '../../engine/summary.js';
import { caseRates, casePasses } from '../../report/case-rates.js';
import { colorsFor } from '../../report/colors.js';
import { formatHumanSummary } from '../../report/human-summary.js';
import { formatJsonSummary } from '../../report/json-summary.js';
import { createProgress } from '../../report/progress.js';
import { reportRedactor } from '../../report/redaction.js';
import type { RunFlags } from '../flags/run.js';
import { defaultOutPath } from '../default-out.js';
import { loadEnvFile } from '../env-file.js';
import { CliExit, EXIT, type ExitCode } from '../exit-codes.js';
import { abortOnInterrupt, interruptedExit, untilStopped } from '../interrupt.js';
import type { CliIO } from '../io.js';
import { inCaseOrder } from '../../report/case-order.js';
import { loadInputs } from '../load-inputs.js';
import { startObservers, type Observers } from '../observers.js';
import { checkOutputFile, checkOutputFolder, prepareOutFile } from '../out-file.js';
import { checkQueue, QueueLostExit, runnerFor, type Runner } from '../queue-run.js';
import { checkReportFiles, writeReports } from '../report-files.js';
import { selectCases } from '../select-cases.js';

/** What a finished (or interrupted) run leaves for the summary. */
interface RunOutcome {
  summary: RunSummary;
  /** Every result, in the order they finished. */
  results: SimulationResult[];
  interrupted: boolean;
  /** The exit code of an interrupt: 130 after SIGINT, 143 after SIGTERM. */
  interruptExit: ExitCode;
  /** Stopped by `--bail`. */
  bailed: boolean;
  /** The queue was lost mid-run: said, and exit 2, after the summary of what came. */
  lost?: QueueLostExit;
}

/** Loads, runs with progress, prints the summary; the exit code follows README "CLI" and README "Reports and CI". */
export async function runCommand(flags: RunFlags, io: CliIO): Promise<ExitCode> {
  if (flags.llmReplay && !flags.llmCache) throw new CliExit(EXIT.usage, 'parley run: --llm-replay needs --llm-cache <dir> (the answers are replayed from there)');
  loadEnvFile(flags.dotenv, '--dotenv');
  loadEnvFile(flags.envFile, '--env-file');
  const { agent, tests } = await loadInputs({ agent: flags.agent, tests: flags.tests });
  const testSet = selectCases(tests!, flags);
  // Every output checked before the results file is created: a bad path leaves nothing behind.
  if (flags.trace !== undefined) checkOutputFile(flags.trace, 'the trace');
  if (flags.llmCache !== undefined) checkOutputFolder(flags.llmCache, 'the model cache (--llm-cache)');
  checkReportFiles(flags);
  await checkQueue(flags, io);
  const out = prepareOutFile(flags.out ?? defaultOutPath());
  io.err(`Writing results to ${out}`);
  const observers = await startObservers(flags, io);
  try {
    const outcome = await runWithProgress(agent, testSet, { flags, out, observers, io });
    printSummary(outcome, { flags, agent, testSet, io });
    if (outcome.lost) throw outcome.lost;
    if (observers.inspectorUrl && io.errIsTTY && !outcome.interrupted) await lingerForInspector(observers.inspectorUrl, io);
    return exitCodeOf(outcome, flags);
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
  let bailed = false;
  const planned = testSet.cases.length * flags.repeat;
  const colors = colorsFor({ isTTY: io.errIsTTY });
  const redact = reportRedactor(agent);
  const progress = createProgress({ stream: io.stderr, tty: io.errIsTTY, total: planned, repeated: flags.repeat > 1, colors, redact });
  // The notice goes through the progress, which finishes the bar first so it cannot draw over it.
  const release = abortOnInterrupt(controller, (signal) => progress.note(interruptNotice(signal)), () => progress.stop());
  const results: SimulationResult[] = [];
  try {
    const run = await runnerFor(flags);
    const summary = await runOrLost(run, agent, testSet, {
      concurrency: flags.concurrency,
      repeat: flags.repeat,
      out: context.out,
      signal: controller.signal,
      bail: flags.bail === true,
      ...(context.observers.inspect ? { inspect: context.observers.inspect } : {}),
      onResult: (result) => {
        progress.finished(result);
        results.push(result);
        if (flags.bail && result.verdict !== 'passed' && !bailed && !controller.signal.aborted) {
          progress.note(`Stopping at the first failure (--bail): ${result.caseId}#${result.iteration}`);
          bailed = true;
        }
      },
      ...(flags.llmCache ? { llmCache: flags.llmCache } : {}),
      ...(flags.llmReplay ? { llmReplay: true } : {}),
    });
    const interruptExit = interruptedExit(controller.signal);
    if (summary instanceof QueueLostExit) return { summary: summary.summary, results, interrupted: false, interruptExit, bailed: false, lost: summary };
    const interrupted = controller.signal.aborted || (summary.cancelled && !bailed);
    return { summary, results, interrupted, interruptExit, bailed: bailed && !controller.signal.aborted };
  } finally {
    progress.stop();
    release();
  }
}

/** The run's summary, or, when its queue was lost, the exit that carries the summary of what came. */
async function runOrLost(run: Runner, ...args: Parameters<Runner>): Promise<RunSummary | QueueLostExit> {
  try {
    return await run(...args);
  } catch (error) {
    if (error instanceof QueueLostExit) return error;
    throw error;
  }
}

function ratesOf(outcome: RunOutcome, flags: RunFlags) {
  return flags.passRate === undefined ? undefined : { passRate: flags.passRate, cases: caseRates(outcome.results) };
}

function printSummary(outcome: RunOutcome, context: { flags: RunFlags; agent: AgentConfig; testSet: TestSet; io: CliIO }): void {
  const { flags, agent, testSet, io } = context;
  const results = inCaseOrder(outcome.results, testSet);
  const rates = ratesOf({ ...outcome, results }, flags);
  const title = testSet.name ?? 'tests';
  const files = writeReports(
    {
      title,
      suites: [{ name: title, results, durationMs: outcome.summary.durationMs }],
      summary: outcome.summary,
      results,
      repeated: flags.repeat > 1,
      rates,
      redact: reportRedactor(agent),
    },
    flags,
    io,
  );
  if (flags.json) {
    io.out(formatJsonSummary(outcome.summary, rates));
    return;
  }
  const lines = formatHumanSummary({
    summary: outcome.summary,
    failures: results.filter((result) => result.verdict !== 'passed'),
    planned: testSet.cases.length * flags.repeat,
    agentName: agent.name,
    testSetName: testSet.name,
    repeated: flags.repeat > 1,
    rates,
    colors: colorsFor({ isTTY: io.outIsTTY ?? false }),
    redact: reportRedactor(agent),
    bailed: outcome.bailed,
    files,
    judged: results.filter((result) => result.judgement !== undefined),
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

function interruptNotice(signal: NodeJS.Signals): string {
  const what = signal === 'SIGTERM' ? 'Terminated (SIGTERM)' : 'Interrupted';
  return `\n${what}: ending running simulations as cancelled… (Ctrl-C again to quit now)`;
}

/** 130 interrupted (143 by SIGTERM); with `--pass-rate` by cases, else by simulations. */
function exitCodeOf(outcome: RunOutcome, flags: RunFlags): ExitCode {
  if (outcome.interrupted) return outcome.interruptExit;
  const { passed, total } = outcome.summary;
  if (total === 0) return EXIT.failed;
  if (flags.passRate !== undefined && !outcome.bailed) {
    const passRate = flags.passRate;
    return caseRates(outcome.results).every((rate) => casePasses(rate, passRate)) ? EXIT.ok : EXIT.failed;
  }
  return passed === total ? EXIT.ok : EXIT.failed;
}
