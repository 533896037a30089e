/**
 * Every command that writes files checks where, before doing anything: a file where a folder is
 * needed, a folder where a file is needed, a path through a file, or a place nothing can be made in
 * (`/proc`, where Node's own `mkdir -p` spins forever) is one line and exit 2, never
 * `unexpected error`. Bounded: a command that spins is killed by the timeout and the test fails.
 * Runs as root too: the unwritable places are /proc and /dev/null, not chmod.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCountingAgent, type CountingAgent } from '../helpers/run-agent.js';
import { assertBuilt, runCli, STACK_FRAME, type CliResult } from './helpers/cli.js';
import { makeResult } from '../helpers/results.js';
import { agentConfig, scratch, type Scratch } from './helpers/files.js';

let files: Scratch;
let agent: CountingAgent;

beforeAll(assertBuilt);
beforeEach(async () => {
  files = await scratch();
  agent = await startCountingAgent(() => undefined);
});
afterEach(async () => {
  await agent.close();
  await files.cleanup();
});

/** One line on stderr, exit 2, nothing on stdout, no stack and no "unexpected error". */
function expectRefused(result: CliResult, line: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.trim()).toBe(line);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toMatch(/unexpected error|Warning/);
  expect(result.stderr).not.toMatch(STACK_FRAME);
}

const cli = (args: string[], cwd?: string) => runCli(args, { cwd, timeoutMs: 10_000 });

describe('parley schema and parley diagrams: the output folder', () => {
  it('schema --out under /proc is refused at once instead of spinning', async () => {
    expectRefused(await cli(['schema', '--out', '/proc/nope']), 'Cannot write the JSON schemas to /proc/nope: nothing can be created in /proc (ENOENT)');
  });

  it('schema --out naming a file, or a path through a file, is refused', async () => {
    const file = await files.write('agent.yaml', 'x');
    expectRefused(await cli(['schema', '--out', 'agent.yaml'], files.dir), 'Cannot write the JSON schemas to agent.yaml: it is a file, not a folder (ENOTDIR)');
    expectRefused(await cli(['schema', '--out', join(file, 'schemas')]), `Cannot write the JSON schemas to ${join(file, 'schemas')}: a part of the path is a file, not a folder (ENOTDIR)`);
  });

  it('diagrams in a folder nothing can be made in, or where visualizations is a file, is refused', async () => {
    expectRefused(await cli(['diagrams'], '/proc'), 'Cannot write the diagrams to visualizations: nothing can be created in /proc (ENOENT)');
    await files.write('visualizations', 'x');
    expectRefused(await cli(['diagrams'], files.dir), 'Cannot write the diagrams to visualizations: it is a file, not a folder (ENOTDIR)');
  });

  it('schema --out a new nested folder still writes both schemas', async () => {
    const result = await cli(['schema', '--out', join(files.dir, 'a', 'b')]);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(files.dir, 'a', 'b', 'agent.schema.json'))).toBe(true);
  });
});

describe('parley run and parley report: every output checked before anything connects', () => {
  const cases: Array<[string, string[], string]> = [
    ['--out under /proc', ['--out', '/proc/nope/x.jsonl'], 'Cannot write results to /proc/nope/x.jsonl: nothing can be created in /proc (ENOENT)'],
    ['--html under /proc', ['--html', '/proc/nope/x.html'], 'Cannot write the HTML report to /proc/nope/x.html: nothing can be created in /proc (ENOENT)'],
    ['--junit through a file', ['--junit', '/dev/null/x.xml'], 'Cannot write the JUnit report to /dev/null/x.xml: a part of the path is a file, not a folder (ENOTDIR)'],
    ['--trace under /proc', ['--trace', '/proc/nope/t.jsonl'], 'Cannot write the trace to /proc/nope/t.jsonl: nothing can be created in /proc (ENOENT)'],
    ['--llm-cache under /proc', ['--llm-cache', '/proc/nope'], 'Cannot write the model cache (--llm-cache) to /proc/nope: nothing can be created in /proc (ENOENT)'],
  ];
  it.each(cases)('run %s: exit 2, one line, no connection', async (_, flags, line) => {
    const agentFile = await files.write('agent.yaml', agentConfig(agent.url));
    const testsFile = await files.write('tests.yaml', { cases: [{ id: 'one', turns: ['hello'] }] });
    expectRefused(await cli(['run', '--agent', agentFile, '--tests', testsFile, ...flags], files.dir), line);
    expect(agent.tcpConnections).toBe(0);
    expect(existsSync(join(files.dir, 'parley-results'))).toBe(false);
  });

  it('run with no --out in a folder nothing can be made in: exit 2 naming the default path', async () => {
    const agentFile = await files.write('agent.yaml', agentConfig(agent.url));
    const testsFile = await files.write('tests.yaml', { cases: [{ id: 'one', turns: ['hello'] }] });
    const result = await cli(['run', '--agent', agentFile, '--tests', testsFile], '/proc');
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^Cannot write results to parley-results\/\S+\.jsonl: nothing can be created in \/proc \(ENOENT\)\n$/);
    expect(agent.tcpConnections).toBe(0);
  });

  it('report --html under /proc is refused', async () => {
    const results = await files.write('run.jsonl', `${JSON.stringify(makeResult({ caseId: 'one' }))}\n`);
    const result = await cli(['report', results, '--html', '/proc/nope/x.html']);
    expectRefused(result, 'Cannot write the HTML report to /proc/nope/x.html: nothing can be created in /proc (ENOENT)');
  });
});
