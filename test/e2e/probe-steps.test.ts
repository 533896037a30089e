/**
 * Probe with handshake steps (README "Connecting to your agent"), against the jsonrpc demo agent through the example file:
 * each step is shown with what it awaits, and the frame that answers it is classed `ready`.
 */
import { afterEach, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readExampleAgent, retarget } from '../../src/cli/examples/retarget.js';
import { startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { assertBuilt, runCli } from './helpers/cli.js';
import { scratch, type Scratch } from './helpers/files.js';

let agent: DemoAgent | undefined;
let files: Scratch | undefined;

beforeAll(assertBuilt);
afterEach(async () => {
  await agent?.close();
  await files?.cleanup();
});

it('shows the login step, classes its answer ready, and sends the message only after it', async () => {
  agent = await startDemoAgent({ profile: 'jsonrpc' });
  files = await scratch();
  const file = await files.write('agent.yaml', stringify(retarget(await readExampleAgent('jsonrpc'), agent.url)));
  const result = await runCli(['probe', '--agent', file, '--message', 'When do you open?'], { timeoutMs: 25_000 });
  expect(result.code, result.stdout + result.stderr).toBe(0);
  const out = result.stdout;
  expect(out).toMatch(/→ step 1 {10}\{"jsonrpc":"2.0","id":"login","method":"login".*\}, then waits for id = "login"/);
  expect(out).toContain('… the whole handshake within 10 s');
  const ready = out.search(/ready {7}\{"jsonrpc":"2.0","id":"login","result"/);
  const sent = out.indexOf('"method":"chat.send"');
  expect(ready).toBeGreaterThan(0);
  expect(sent).toBeGreaterThan(ready);
  expect(out).toContain('We open at 9 am and close at 5 pm.');
});
