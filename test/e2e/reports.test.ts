import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCountingAgent, type CountingAgent } from '../helpers/run-agent.js';
import { assertBuilt, runCli, STACK_FRAME } from './helpers/cli.js';
import { agentConfig, scratch, type Scratch } from './helpers/files.js';

let agent: CountingAgent;
let files: Scratch;
/** `flip` messages the agent has answered: every other one is answered wrongly. */
let flips = 0;

beforeAll(assertBuilt);
beforeEach(async () => {
  files = await scratch();
  flips = 0;
  agent = await startCountingAgent((text, peer) => {
    if (text === 'flip') flips += 1;
    peer.say(10, text === 'flip' ? (flips % 2 === 1 ? 'heads' : 'tails') : `echo: ${text}`);
  });
});
afterEach(async () => {
  await agent.close();
  await files.cleanup();
});

const tests = {
  name: 'reports',
  cases: [
    { id: 'greeting', turns: [{ user: 'hello', expect: { contains: 'echo: hello' } }] },
    { id: 'refund', turns: [{ user: 'I want <my> money & "back"', expect: { contains: 'refund', notContains: 'money' } }] },
    { id: 'coin', turns: [{ user: 'flip', expect: { contains: 'heads' } }] },
  ],
};

async function inputs(testSet: unknown = tests, overrides: Record<string, unknown> = {}) {
  return {
    agentFile: await files.write('agent.yaml', agentConfig(agent.url, { name: 'echo-bot', ...overrides })),
    testsFile: await files.write('tests.yaml', testSet),
    out: join(files.dir, 'run.jsonl'),
  };
}

describe('parley run: reports for people and CI (README "Reports and CI")', () => {
  it('writes JUnit and HTML, and in GitHub Actions annotations and a step summary', async () => {
    const { agentFile, testsFile, out } = await inputs({ ...tests, cases: tests.cases.slice(0, 2) });
    const junit = join(files.dir, 'reports', 'junit.xml');
    const html = join(files.dir, 'reports', 'report.html');
    const stepSummary = join(files.dir, 'step-summary.md');
    writeFileSync(stepSummary, '# earlier step\n');
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--junit', junit, '--html', html], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary },
    });
    expect(result.code, result.stderr).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="reports" tests="2" failures="1" errors="0"');
    expect(xml).toContain('<testcase classname="parley.reports" name="refund#1"');
    expect(xml).toContain('user:  I want &lt;my&gt; money &amp; &quot;back&quot;');
    expect(readFileSync(html, 'utf8')).toContain('echo: I want &lt;my&gt; money &amp; &quot;back&quot;');
    expect(result.stdout).toContain(
      '::error title=refund#1::[expectation-failed] Expectation failed: the reply to turn 1 contains "refund" — got "echo: I want <my> money & \\"back\\""%0A[expectation-failed] Expectation failed: the reply to turn 1 does not contain "money" — got',
    );
    const markdown = readFileSync(stepSummary, 'utf8');
    expect(markdown.startsWith('# earlier step\n### ❌ Parley: reports')).toBe(true);
    expect(result.stdout).toContain(`JUnit: ${junit}`);
    expect(result.stdout).toContain(`HTML report: ${html}`);
    // Not a terminal: no colour codes anywhere.
    // eslint-disable-next-line no-control-regex
    expect(result.stdout + result.stderr).not.toMatch(/\u001b\[/);
  });

  it('--repeat with --pass-rate: each case rate in the summary, the exit code by cases', async () => {
    const { agentFile, testsFile, out } = await inputs({ cases: [tests.cases[0], tests.cases[2]] });
    const args = ['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--repeat', '4', '--concurrency', '1'];
    const strict = await runCli(args);
    expect(strict.code, strict.stderr).toBe(1);
    const lenient = await runCli([...args, '--pass-rate', '0.5']);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stdout).toMatch(/Cases \(pass rate 50% required\): 2 of 2 pass/);
    expect(lenient.stdout).toMatch(/PASS {2}greeting\s+4\/4\s+100%/);
    expect(lenient.stdout).toMatch(/PASS {2}coin\s+2\/4\s+50%/);
    const json = await runCli([...args, '--pass-rate', '0.75', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).cases).toEqual([
      { id: 'greeting', passed: 4, total: 4, rate: 1, pass: true },
      { id: 'coin', passed: 2, total: 4, rate: 0.5, pass: false },
    ]);
    const bad = await runCli([...args, '--pass-rate', '1.5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Expected a share greater than 0 and at most 1');
  });

  it('--case and --grep run a subset; an unknown case is a usage error with a suggestion', async () => {
    const { agentFile, testsFile, out } = await inputs();
    const base = ['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--json'];
    const picked = await runCli([...base, '--case', 'greeting', '--case', 'coin']);
    expect(JSON.parse(picked.stdout)).toMatchObject({ total: 2 });
    const grepped = await runCli([...base, '--grep', '^GREET']);
    expect(grepped.code, grepped.stderr).toBe(0);
    expect(JSON.parse(grepped.stdout)).toMatchObject({ total: 1, passed: 1 });
    const typo = await runCli([...base, '--case', 'refnud']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--case refnud: no such case in the test set (did you mean refund?)');
    const none = await runCli([...base, '--grep', 'nothing-like-this']);
    expect(none.code).toBe(2);
    expect(agent.tcpConnections).toBe(3);
  });

  it('--bail with --concurrency 1 starts nothing after the first failure, and says so', async () => {
    const { agentFile, testsFile, out } = await inputs({ cases: [tests.cases[1], tests.cases[0], tests.cases[0]].map((c, i) => ({ ...c, id: `c${i}` })) });
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--concurrency', '1', '--bail']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('Stopping at the first failure (--bail): c0#1');
    expect(result.stdout).toContain('Stopped at the first failure (--bail): 2 never started.');
    expect(result.stdout).not.toMatch(/interrupted|cancelled/i);
    expect(readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line).caseId)).toEqual(['c0']);
    expect(agent.tcpConnections).toBe(1);
  });

  it('--bail cancels the simulations still running, saying --bail, not "interrupted"', async () => {
    // 200 echoed turns take seconds; the other case fails on its first.
    const slow = { id: 'slow', turns: Array.from({ length: 200 }, (_, i) => `turn ${i}`) };
    const { agentFile, testsFile, out } = await inputs({ cases: [{ ...tests.cases[1], id: 'bad' }, slow] });
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--concurrency', '2', '--bail']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('Stopped at the first failure (--bail): running simulations were cancelled; 0 never started.');
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.find((r) => r.caseId === 'slow').error).toEqual({ code: 'cancelled', message: 'Cancelled: the run stopped at its first failure (--bail)' });
    expect(result.stdout).not.toMatch(/interrupted/i);
  });

  // Four CLI runs in a row: a longer bound than the default 20 s, for a loaded machine.
  it('--dotenv (or --env-file) supplies {{env.*}} with Node env-file syntax; the environment wins', async () => {
    const envFile = await files.write('.env', `# comment\nAGENT_PORT="${agent.port}"\nexport GREETING=from-file\n`);
    const { testsFile, out } = await inputs({ cases: [tests.cases[0]] });
    const agentFile = await files.write('env-agent.yaml', agentConfig('ws://127.0.0.1:{{env.AGENT_PORT}}/ws'));
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--json', '--dotenv', envFile]);
    expect(result.code, result.stderr).toBe(0);
    const old = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--json', '--env-file', envFile]);
    expect(old.code, old.stderr).toBe(0);
    const overridden = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--json', '--dotenv', envFile], {
      env: { AGENT_PORT: '1' },
    });
    expect(JSON.parse(overridden.stdout)).toMatchObject({ error: 1, errors: { 'connect-failed': 1 } });
    const nope = join(files.dir, 'nope.env');
    // --dotenv, unlike --env-file, is not read by Node 20 itself: a missing file is Parley's exit 2.
    const missing = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--dotenv', nope]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`Cannot read --dotenv ${nope}: no such file\n`);
    expect(agent.tcpConnections).toBe(2);
  }, 40_000);
});

describe('parley report and parley compare (README "Reports and CI")', () => {
  it('report: the summary and files from several results files, without running anything', async () => {
    const { agentFile, testsFile } = await inputs({ cases: [tests.cases[0], tests.cases[1]] });
    const first = join(files.dir, 'a.jsonl');
    const second = join(files.dir, 'b.jsonl');
    for (const out of [first, second]) await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--json']);
    const connections = agent.tcpConnections;
    const junit = join(files.dir, 'r.xml');
    const html = join(files.dir, 'r.html');
    const result = await runCli(['report', first, second, '--junit', junit, '--html', html]);
    expect(readFileSync(html, 'utf8')).toContain('<tr class="failing"><td class="num"></td><td class="who">agent</td><td class="text">echo: I want &lt;my&gt; money');
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/4 simulations in/);
    expect(result.stdout).toMatch(/passed\s+2\n\s+failed\s+2/);
    expect(result.stdout).toContain('[expectation-failed] Expectation failed: the reply to turn 1 contains "refund" — got');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="a" tests="2" failures="1"');
    expect(xml).toContain('<testsuite name="b" tests="2" failures="1"');
    const json = await runCli(['report', first, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ total: 2, passed: 1, failed: 1 });
    expect(JSON.parse(json.stdout)).not.toHaveProperty('out');
    expect(agent.tcpConnections).toBe(connections);
    // Joined, each simulation names the file it came from.
    const page = readFileSync(html, 'utf8');
    expect(page).toContain(` · ${first}</span></summary>`);
    expect(page).toContain(` · ${second}</span></summary>`);
  });

  it('report: names the test set, carries cases with --pass-rate --json, and groups a failure repeated across iterations', async () => {
    const { agentFile, testsFile } = await inputs({ name: 'support', cases: [tests.cases[1], tests.cases[0]] });
    const out = join(files.dir, 'run.jsonl');
    const run = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--repeat', '3', '--concurrency', '3', '--json', '--pass-rate', '0.5']);
    const html = join(files.dir, 'r.html');
    const report = await runCli(['report', out, '--pass-rate', '0.5', '--html', html]);
    expect(report.stdout).toMatch(/^support: 6 simulations in/m);
    expect(report.stdout).toContain('refund #1–#3: same failure ×3');
    expect(report.stdout.match(/\[expectation-failed\] Expectation failed: the reply to turn 1 contains "refund"/g)).toHaveLength(1);
    expect(readFileSync(html, 'utf8')).toContain('<strong>refund #1–#3: same failure ×3</strong>');
    const json = await runCli(['report', out, '--pass-rate', '0.5', '--json']);
    const summary = JSON.parse(json.stdout);
    expect(summary).not.toHaveProperty('out');
    expect(summary.cases).toEqual(JSON.parse(run.stdout).cases);
    expect(summary.cases.map((entry: { id: string }) => entry.id)).toEqual(['refund', 'greeting']);
  });

  it('report: a file that is not results is exit 2 naming file and line', async () => {
    const bad = await files.write('bad.jsonl', '{"caseId":"a","iteration":1,"verdict":"passed","transcript":[]}\nnot json\n');
    const result = await runCli(['report', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}:2: not JSON`);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    const missing = await runCli(['report', join(files.dir, 'none.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });

  it('compare: --json as README "Reports and CI", and --fail-on-regression', async () => {
    const line = (caseId: string, verdict: string, latencyMs: number) =>
      JSON.stringify({
        caseId,
        iteration: 1,
        verdict,
        transcript: [{ role: 'user', text: 'x', at: '' }, { role: 'agent', text: 'y', messages: ['y'], at: '', latencyMs, timedOut: false, truncated: false }],
      });
    const base = await files.write('base.jsonl', [line('a', 'passed', 100), line('b', 'failed', 100), line('gone', 'passed', 100)].join('\n'));
    const head = await files.write('head.jsonl', [line('a', 'failed', 200), line('b', 'passed', 200), line('new', 'passed', 200)].join('\n'));
    const json = await runCli(['compare', base, head, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toStrictEqual({
      regressions: ['a'],
      fixes: ['b'],
      flaky: [],
      added: ['new'],
      removed: ['gone'],
      latencyMs: { base: { p50: 100, p95: 100 }, head: { p50: 200, p95: 200 } },
    });
    const gate = await runCli(['compare', base, head, '--fail-on-regression']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toMatch(/regressions\s+a/);
    const same = await runCli(['compare', base, base, '--fail-on-regression']);
    expect(same.code).toBe(0);
  });
});

describe('newcomer rough edges at the CLI', () => {
  it('--trace to a folder is exit 2 with a clear message before anything runs, leaving no results file', async () => {
    const { agentFile, testsFile, out } = await inputs();
    const folder = join(files.dir, 'a-folder');
    mkdirSync(folder);
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--trace', folder]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Cannot write the trace to ${folder}: it is a folder (EISDIR)`);
    expect(result.stderr).not.toContain('unexpected error');
    expect(existsSync(out)).toBe(false);
    expect(agent.tcpConnections).toBe(0);
    const html = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--html', folder]);
    expect(html.code).toBe(2);
    expect(html.stderr).toContain(`Cannot write the HTML report to ${folder}: it is a folder`);
    expect(existsSync(out)).toBe(false);
  });

  it('an unquoted {{message}} is a config error that says to quote it, with no Node warning on stderr', async () => {
    const agentFile = await files.write('agent.yaml', `connection:\n  url: ${agent.url}\nmessages:\n  sendTemplate:\n    type: message\n    text: {{message}}\n`);
    const result = await runCli(['probe', '--agent', agentFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('messages.sendTemplate.text: a placeholder must be quoted in YAML: write "{{message}}"');
    expect(result.stderr).not.toMatch(/Warning|stringified/);
  });

  it('parley schema writes both schemas', async () => {
    const result = await runCli(['schema', '--out', join(files.dir, 'schemas')]);
    expect(result.code, result.stderr).toBe(0);
    for (const name of ['agent.schema.json', 'tests.schema.json']) {
      const schema = JSON.parse(readFileSync(join(files.dir, 'schemas', name), 'utf8')) as Record<string, unknown>;
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
  });
});
