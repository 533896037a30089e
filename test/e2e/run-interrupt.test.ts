import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCountingAgent, type CountingAgent } from '../helpers/run-agent.js';
import { assertBuilt, startCli, STACK_FRAME, type CliChild } from './helpers/cli.js';
import { agentConfig, scratch, type Scratch } from './helpers/files.js';
import { waitUntil } from '../helpers/wait.js';

let agent: CountingAgent;
let files: Scratch;
let cli: CliChild | undefined;
/** User texts the agent received: proof, from its side, that the slow cases are running. */
let received: string[];

beforeAll(assertBuilt);
beforeEach(async () => {
  files = await scratch();
  received = [];
  // "fast" gets an answer; "slow" never does, so those simulations are mid-conversation at SIGINT.
  agent = await startCountingAgent((text, peer) => {
    received.push(text);
    if (text === 'fast') peer.say(10, 'done');
  });
});
afterEach(async () => {
  if (cli && cli.child.exitCode === null) cli.child.kill('SIGKILL');
  cli = undefined;
  await agent.close();
  await files.cleanup();
});

const until = (check: () => boolean, ms: number, what: string) => waitUntil(check, ms, what, 20);

function lines(file: string): Array<Record<string, any>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);
}

describe('parley run, interrupted', () => {
  it('on SIGINT cancels running simulations, starts no more, keeps finished results, prints the summary and exits 130', async () => {
    const agentFile = await files.write('agent.yaml', agentConfig(agent.url, { responseTimeoutSeconds: 30 }));
    const slow = (id: string) => ({ id, turns: ['slow'] });
    const testsFile = await files.write('tests.yaml', {
      cases: [{ id: 'f1', turns: ['fast'] }, { id: 'f2', turns: ['fast'] }, slow('s1'), slow('s2'), slow('s3'), slow('s4')],
    });
    const out = join(files.dir, 'out.jsonl');
    cli = startCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--concurrency', '2']);

    await until(() => lines(out).length === 2 && received.filter((text) => text === 'slow').length === 2, 10_000, 'two finished and two running');
    cli.child.kill('SIGINT');
    const result = await cli.exited(10_000);

    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/Run: 4 simulations in/);
    expect(result.stdout).toMatch(/passed\s+2/);
    expect(result.stdout).toMatch(/errors\s+cancelled 2/);
    expect(result.stdout).toContain('Interrupted: running simulations were cancelled; 2 never started.');
    expect(result.stdout).toMatch(/ERROR s1\s+\[cancelled\] Cancelled/);
    expect(result.stderr).not.toMatch(STACK_FRAME);

    const results = lines(out);
    expect(results.map((r) => `${r.caseId}:${r.verdict}`).sort()).toStrictEqual(['f1:passed', 'f2:passed', 's1:error', 's2:error']);
    for (const cancelled of results.filter((r) => r.caseId.startsWith('s'))) {
      expect(cancelled.error.code).toBe('cancelled');
      expect(cancelled.transcript[0]).toMatchObject({ role: 'user', text: 'slow' });
    }
    // Nothing was started after the interrupt.
    expect(agent.tcpConnections).toBe(4);
  });

  it('prints one JSON summary with --json when interrupted', async () => {
    const agentFile = await files.write('agent.yaml', agentConfig(agent.url, { responseTimeoutSeconds: 30 }));
    const testsFile = await files.write('tests.yaml', { cases: [{ id: 's1', turns: ['slow'] }] });
    cli = startCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', join(files.dir, 'o.jsonl'), '--json']);
    await until(() => received.length === 1, 10_000, 'the simulation to be running');
    cli.child.kill('SIGINT');
    const result = await cli.exited(10_000);
    expect(result.code).toBe(130);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 1, passed: 0, error: 1, errors: { cancelled: 1 } });
  });

  it('on SIGTERM (a CI timeout) does the same as SIGINT and exits 143', async () => {
    const agentFile = await files.write('agent.yaml', agentConfig(agent.url, { responseTimeoutSeconds: 30 }));
    const testsFile = await files.write('tests.yaml', {
      cases: [{ id: 'f1', turns: ['fast'] }, { id: 's1', turns: ['slow'] }, { id: 's2', turns: ['slow'] }, { id: 's3', turns: ['slow'] }],
    });
    const out = join(files.dir, 'out.jsonl');
    cli = startCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--concurrency', '2']);

    await until(() => lines(out).length === 1 && received.filter((text) => text === 'slow').length === 2, 10_000, 'one finished and two running');
    cli.child.kill('SIGTERM');
    const result = await cli.exited(10_000);

    expect(result.signal).toBeNull();
    expect(result.code).toBe(143);
    expect(result.stderr).toContain('Terminated (SIGTERM): ending running simulations as cancelled');
    expect(result.stdout).toMatch(/Run: 3 simulations in/);
    expect(result.stdout).toContain('Interrupted: running simulations were cancelled; 1 never started.');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    const results = lines(out);
    expect(results.map((r) => `${r.caseId}:${r.verdict}`).sort()).toStrictEqual(['f1:passed', 's1:error', 's2:error']);
    for (const cancelled of results.filter((r) => r.caseId.startsWith('s'))) {
      expect(cancelled.error.code).toBe('cancelled');
      expect(cancelled.transcript[0]).toMatchObject({ role: 'user', text: 'slow' });
    }
    // Nothing was started after SIGTERM.
    expect(agent.tcpConnections).toBe(3);
  });
});
