import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCountingAgent, type CountingAgent } from '../helpers/run-agent.js';
import { assertBuilt, runCli, STACK_FRAME } from './helpers/cli.js';
import { agentConfig, scratch, type Scratch } from './helpers/files.js';

let agent: CountingAgent;
let files: Scratch;

beforeAll(assertBuilt);
beforeEach(async () => {
  files = await scratch();
  agent = await startCountingAgent(() => undefined);
});
afterEach(async () => {
  await agent.close();
  await files.cleanup();
});

const tests = { cases: [{ id: 'one', turns: ['hello'] }] };

describe('parley run with invalid files', () => {
  it('lists every mistake of both files, exits 2, and connects to nothing', async () => {
    const agentFile = await files.write('agent.yaml', {
      connection: { url: agent.url, hedaers: { 'X-Tenant': 'acme' }, keepaliveSeconds: -1, setup: { url: 'http://127.0.0.1:1/s', websocketUrlPath: 'u' } },
      messages: { textTypes: [3], sendTemplate: '{not json' },
      handshake: { readyType: 'ready', timeoutSecs: 3 },
      coalesceSeconds: 'soon',
    });
    const testsFile = await files.write('tests.yaml', {
      cases: [{ id: 'a', turns: [{ user: 'hi', expect: { matches: '(' } }] }, { turns: [] }],
    });
    const out = join(files.dir, 'out.jsonl');
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    for (const problem of [
      'connection.hedaers: unknown key',
      'connection.keepaliveSeconds:',
      'connection.setup:',
      'messages.textTypes.0:',
      'messages.sendTemplate:',
      'handshake.timeoutSecs: unknown key',
      'coalesceSeconds:',
      'cases.0.turns.0.expect.matches: invalid regular expression',
      'cases.1.id:',
      'cases.1.turns:',
    ]) {
      expect(result.stderr).toContain(problem);
    }
    expect(result.stderr).toContain(`Invalid configuration in ${agentFile}`);
    expect(result.stderr).toContain(`Invalid configuration in ${testsFile}`);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(agent.tcpConnections).toBe(0);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 for a missing file, naming it', async () => {
    const testsFile = await files.write('tests.yaml', tests);
    const result = await runCli(['run', '--agent', join(files.dir, 'nope.yaml'), '--tests', testsFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nope\.yaml:\n\s+cannot read file: no such file/);
  });

  it('keeps secrets out of the problems it lists', async () => {
    const agentFile = await files.write('agent.yaml', {
      connection: { url: agent.url, authorization: 'Bearer sekrit-token-123', headers: { Authorization: 'Bearer other-sekrit' } },
      coalesceSeconds: -1,
    });
    const result = await runCli(['run', '--agent', agentFile, '--tests', await files.write('tests.yaml', tests)]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/sekrit/);
  });
});

describe('parley usage errors', () => {
  it.each([
    [['run', '--agent', 'a.yaml', '--tests', 't.yaml', '--concurrency', '0'], /--concurrency.*'0' is invalid/],
    [['run', '--agent', 'a.yaml', '--tests', 't.yaml', '--concurrency', 'abc'], /--concurrency.*'abc' is invalid/],
    [['run', '--agent', 'a.yaml', '--tests', 't.yaml', '--concurrency', '2.5'], /--concurrency.*'2.5' is invalid/],
    [['run', '--agent', 'a.yaml', '--tests', 't.yaml', '--repeat', '-1'], /--repeat/],
    [['run', '--tests', 't.yaml'], /required option '--agent <file>'/],
    [['run', '--agent', 'a.yaml', '--tests', 't.yaml', '--bogus'], /unknown option '--bogus'/],
    [['probe'], /required option '--agent <file>'/],
    [['probe', '--agent', 'a.yaml', '--message', ' '], /--message must not be empty/],
    [['agent', '--profile', 'nope'], /Unknown demo profile "nope"/],
    [['agent', '--port', '70000'], /--port.*'70000' is invalid/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [[], /Usage: parley/],
  ])('parley %j exits 2 with a clear message', async (args, message) => {
    const result = await runCli(args, { cwd: files.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(agent.tcpConnections).toBe(0);
  });

  it('exits 2 when --out cannot be written, before connecting', async () => {
    const agentFile = await files.write('agent.yaml', agentConfig(agent.url));
    const testsFile = await files.write('tests.yaml', tests);
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', files.dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Cannot write results to ${files.dir}`);
    expect(agent.tcpConnections).toBe(0);
  });
});

describe('parley --version and --help', () => {
  it('prints the version from package.json', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('0.1.0');
  });

  it.each(['run', 'probe', 'demo', 'agent', 'diagrams'])('has help for %s', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: parley ${command}`);
  });
});
