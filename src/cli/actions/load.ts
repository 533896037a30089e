import type { AgentConfig, TestSet } from '../../config/types.js';
import type { LoadModel } from '../../load/pace.js';
import { runLoad, type LoadOutcome } from '../../load/run.js';
import type { LoadWindow } from '../../load/windows.js';
import { runMeasures } from '../../load/samples.js';
import { evaluateThresholds, thresholdFailure, type ThresholdOutcome } from '../../load/thresholds.js';
import { colorsFor } from '../../report/colors.js';
import { formatLoadHtml } from '../../report/html/load.js';
import { formatLoadSummary, loadJson } from '../../report/load-summary.js';
import { loadTableHeader, loadTableRow } from '../../report/load-table.js';
import { reportRedactor } from '../../report/redaction.js';
import { defaultOutPath } from '../default-out.js';
import { loadEnvFile } from '../env-file.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { loadModelOf } from '../load-options.js';
import type { LoadFlags } from '../flags/load.js';
import { abortOnInterrupt } from '../interrupt.js';
import type { CliIO } from '../io.js';
import { loadInputs } from '../load-inputs.js';
import { checkOutputFile, prepareOutFile } from '../out-file.js';
import { checkQueue } from '../queue-run.js';
import { writeOutput } from '../report-files.js';
import { selectCases } from '../select-cases.js';
import { loadStarter } from '../load-queue.js';

/**
 * `parley load` (README "Load testing"): checks every flag before anything connects, prints a table line per
 * window while it runs, then the summary (or `--json`) and the thresholds; exit 1 when one fails.
 */
export async function loadCommand(flags: LoadFlags, io: CliIO): Promise<ExitCode> {
  const model = loadModelOf(flags);
  loadEnvFile(flags.dotenv, '--dotenv');
  loadEnvFile(flags.envFile, '--env-file');
  const { agent, tests } = await loadInputs({ agent: flags.agent, tests: flags.tests });
  const testSet = selectCases(tests!, flags);
  if (flags.html !== undefined) checkOutputFile(flags.html, 'the HTML report');
  const concurrency = model.kind === 'users' ? model.users : flags.maxUsers;
  await checkQueue({ ...flags, concurrency }, io);
  const out = prepareOutFile(flags.out ?? defaultOutPath());
  io.err(`Writing results to ${out}`);
  const outcome = await loadWithTable(agent, testSet, { flags, model, out, io });
  const thresholds = evaluateThresholds(flags.threshold, runMeasures(outcome.samples, outcome.skipped));
  const files: string[] = [];
  if (flags.html !== undefined) {
    const title = testSet.name ?? 'tests';
    writeOutput(flags.html, formatLoadHtml({ title, agentName: agent.name, outcome, thresholds }), 'the HTML report');
    files.push(`HTML report: ${flags.html}`);
  }
  if (flags.json) io.out(JSON.stringify(loadJson(outcome, thresholds)));
  else io.out(formatLoadSummary(outcome, thresholds, { colors: colorsFor({ isTTY: io.outIsTTY ?? false }), files }).join('\n'));
  for (const failed of thresholds.filter((t) => !t.ok)) io.err(thresholdFailure(failed));
  return exitCodeOf(outcome, thresholds);
}

async function loadWithTable(
  agent: AgentConfig,
  testSet: TestSet,
  context: { flags: LoadFlags; model: LoadModel; out: string; io: CliIO },
): Promise<LoadOutcome> {
  const { flags, model, io } = context;
  const controller = new AbortController();
  const release = abortOnInterrupt(controller, () => io.err('\nInterrupted: ending running simulations as cancelled… (Ctrl-C again to quit now)'));
  // A rate ramp given without --ramp climbs over the whole duration.
  const rampMs = model.kind === 'rate' && model.from !== model.to && flags.ramp === 0 ? flags.duration : flags.ramp;
  const started = await loadStarter(agent, testSet, flags, model);
  const redact = reportRedactor(agent);
  let printed = 0;
  const print = (window: LoadWindow) => {
    io.err(redact(loadTableRow(window)));
    printed += 1;
  };
  io.err(loadTableHeader());
  try {
    const outcome = await started.run((start) =>
      runLoad(agent, testSet, {
        model,
        durationMs: flags.duration,
        rampMs,
        windowMs: flags.window,
        graceMs: flags.grace,
        maxUsers: flags.maxUsers,
        signal: started.signal ? AbortSignal.any([controller.signal, started.signal]) : controller.signal,
        out: context.out,
        onWindow: print,
        ...(start ? { start } : {}),
      }),
    );
    // The windows after the last tick (the grace, the last part of one), as the results tell them.
    outcome.windows.slice(printed).forEach(print);
    return outcome;
  } finally {
    release();
  }
}

/** 130 interrupted; 1 when a threshold failed or nothing finished; else 0 (failures are figures here). */
function exitCodeOf(outcome: LoadOutcome, thresholds: ThresholdOutcome[]): ExitCode {
  if (outcome.interrupted) return EXIT.interrupted;
  if (outcome.summary.total === 0) return EXIT.failed;
  return thresholds.every((t) => t.ok) ? EXIT.ok : EXIT.failed;
}
