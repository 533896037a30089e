import type { SimulationResult } from '../../machines/types.js';
import { errorMessage, failureDetails } from './failures.js';
import { transcriptText } from './transcript-text.js';
import { escapeXml } from './xml.js';

/** One `<testsuite>`: a test set's results. */
export interface JUnitSuite {
  /** The test set's name. */
  name: string;
  results: readonly SimulationResult[];
  /** Wall time of the run. */
  durationMs: number;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/**
 * JUnit XML as README "Reports and CI" has it: `<testsuites>` holding a `<testsuite>` per test set, a
 * `<testcase classname="parley.<set>" name="<case id>#<iteration>">` per simulation, a failed one
 * with `<failure type message>`, an errored one with `<error type message>`, each with its
 * transcript in `<system-out>`. Every text goes through `redact`, then XML escaping.
 */
export function formatJUnit(suites: readonly JUnitSuite[], redact: (text: string) => string): string {
  const totals = suites.map(countOf);
  const sum = (key: 'tests' | 'failures' | 'errors') => totals.reduce((total, count) => total + count[key], 0);
  const durationMs = suites.reduce((total, suite) => total + suite.durationMs, 0);
  const head = `<testsuites name="parley" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" time="${seconds(durationMs)}">`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites.flatMap((suite) => suiteXml(suite, redact)), '</testsuites>', ''].join('\n');
}

function countOf(suite: JUnitSuite): { tests: number; failures: number; errors: number } {
  const verdicts = suite.results.map((result) => result.verdict);
  return {
    tests: verdicts.length,
    failures: verdicts.filter((verdict) => verdict === 'failed').length,
    errors: verdicts.filter((verdict) => verdict === 'error').length,
  };
}

function suiteXml(suite: JUnitSuite, redact: (text: string) => string): string[] {
  const { tests, failures, errors } = countOf(suite);
  const attr = (text: string) => escapeXml(redact(text), true);
  const open = `  <testsuite name="${attr(suite.name)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(suite.durationMs)}">`;
  const cases = suite.results.flatMap((result) => caseXml(result, `parley.${suite.name}`, redact));
  return [open, ...cases, '  </testsuite>'];
}

function caseXml(result: SimulationResult, classname: string, redact: (text: string) => string): string[] {
  const attr = (text: string) => escapeXml(redact(text), true);
  const lines = [`    <testcase classname="${attr(classname)}" name="${attr(`${result.caseId}#${result.iteration}`)}" time="${seconds(result.durationMs)}">`];
  if (result.verdict !== 'passed') {
    const tag = result.verdict === 'failed' ? 'failure' : 'error';
    const code = result.error?.code ?? 'expectation-failed';
    const message = errorMessage(result) ?? 'Expectation failed';
    const body = failureDetails(result).map((detail) => `[${detail.code}] ${detail.message}`).join('\n');
    lines.push(`      <${tag} type="${attr(code)}" message="${attr(message)}">${escapeXml(redact(body))}</${tag}>`);
  }
  lines.push(`      <system-out>${escapeXml(transcriptText(result, redact))}</system-out>`, '    </testcase>');
  return lines;
}
