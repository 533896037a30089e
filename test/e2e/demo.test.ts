import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, STACK_FRAME } from './helpers/cli.js';
import { scratch, type Scratch } from './helpers/files.js';

let files: Scratch | undefined;

beforeAll(assertBuilt);
afterEach(async () => {
  await files?.cleanup();
  files = undefined;
});

describe('parley demo', () => {
  it('runs every bundled example against the demo agents and exits 0 in under 30 s, from any folder', async () => {
    files = await scratch();
    const result = await runCli(['demo'], { cwd: files.dir, timeoutMs: 40_000 });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.ms).toBeLessThan(30_000);
    for (const dir of ['simple', 'authenticated', 'http-first', 'custom-format', 'genesys', 'amazon-connect', 'streaming', 'typing']) {
      expect(result.stdout).toContain(`── examples/${dir}`);
      expect(result.stdout).toMatch(new RegExp(`^ {2}${dir} +\\d+ passed, 0 failed, 0 error$`, 'm'));
    }
    expect(result.stdout).toMatch(/^ {2}total +14 passed, 0 failed, 0 error in /m);
    expect(result.stdout).toContain('agent: We open at 9 am and close at 5 pm.');
    expect(result.stdout).not.toContain('demo-token');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  }, 45_000);
});
