/**
 * `npm run bench` (= `npm run build && node --expose-gc dist/bench/run.js`): runs the five rows,
 * prints the table and writes bench/results.json.
 *
 *   node --expose-gc dist/bench/run.js [--rows 1,2] [--repeats 3] [--scale-n 10000]
 *                                      [--agent child-process|in-process] [--smoke] [--out file]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL, SMOKE, formatReport, runBench, type BenchSettings } from './bench.js';

/** bench/results.json in the project, whether this runs compiled (dist/bench) or from sources. */
function defaultOut(): string {
  const fromDist = fileURLToPath(new URL('../../bench/results.json', import.meta.url));
  return existsSync(fileURLToPath(new URL('../../package.json', import.meta.url))) ? fromDist : fileURLToPath(new URL('./results.json', import.meta.url));
}

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    repeats: { type: 'string' },
    'scale-n': { type: 'string' },
    agent: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const base = values.smoke ? SMOKE : FULL;
const settings: BenchSettings = {
  ...base,
  scale: { ...base.scale },
  log: (line) => process.stderr.write(`${line}\n`),
};
if (values.rows) settings.rows = values.rows.split(',').map((r) => Number(r.trim()));
if (values.repeats) settings.repeats = Math.max(1, Number(values.repeats));
if (values['scale-n']) settings.scale.n = Math.max(1, Number(values['scale-n']));
if (values.agent === 'in-process' || values.agent === 'child-process') settings.agent = values.agent;

const command = `node --expose-gc dist/bench/run.js ${process.argv.slice(2).join(' ')}`.trim();
const report = await runBench(settings, process.argv.length > 2 ? command : 'npm run bench');
const out = values.out ?? defaultOut();
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${formatReport(report)}\n\nresults: ${out}\n`);
// Every server, socket and child is closed by now. A missed target is a finding, not a crash: only a
// row that could not run fails the command.
process.exitCode = report.rows.some((r) => r.error !== undefined) ? 1 : 0;
