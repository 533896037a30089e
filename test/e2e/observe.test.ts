/** `--trace`, `--inspect` and `parley diagrams` through the built CLI. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { echoAfter, startCountingAgent, type CountingAgent } from '../helpers/run-agent.js';
import { assertBuilt, runCli } from './helpers/cli.js';
import { agentConfig, scratch, type Scratch } from './helpers/files.js';


let agent: CountingAgent;
let files: Scratch;

beforeAll(assertBuilt);
beforeEach(async () => {
  files = await scratch();
  agent = await startCountingAgent(echoAfter(10));
});
afterEach(async () => {
  await agent.close();
  await files.cleanup();
});

async function runArgs(...extra: string[]): Promise<string[]> {
  return [
    'run',
    '--agent',
    await files.write('agent.yaml', agentConfig(agent.url)),
    '--tests',
    await files.write('tests.yaml', { cases: [{ id: 'one', turns: ['hi'] }] }),
    '--out',
    join(files.dir, 'out.jsonl'),
    ...extra,
  ];
}

describe('--trace', () => {
  it('writes actor events as JSONL', async () => {
    const trace = join(files.dir, 'trace.jsonl');
    const result = await runCli(await runArgs('--trace', trace));
    expect(result.code, result.stderr).toBe(0);
    const lines = readFileSync(trace, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

});

describe('--inspect', () => {
  it('prints where to open the inspector and still runs', async () => {
    const result = await runCli(await runArgs('--inspect', '--json'), { timeoutMs: 20_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Inspector: open \S+/);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 1, passed: 1 });
  });

});

describe('parley diagrams', () => {
  it('writes visualizations/ in the working folder and lists the files', async () => {
    const result = await runCli(['diagrams'], { cwd: files.dir, timeoutMs: 20_000 });
    expect(result.code, result.stderr).toBe(0);
    const listed = result.stdout.split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim());
    expect(listed.length).toBeGreaterThan(0);
    for (const file of listed) expect(existsSync(join(files.dir, file)) || existsSync(file)).toBe(true);
  });

});
