/**
 * Buttons in reports (README "Buttons, cards and clicks"): the built CLI runs a test set against the buttons demo agent on
 * 127.0.0.1; the terminal failure summary, JUnit's system-out and the HTML report show the choices
 * as buttons. And a test set that asks for attachments of an agent config without
 * attachmentsPath is refused before anything connects.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { assertBuilt, CLI, ROOT } from './helpers/cli.js';

const execFileAsync = promisify(execFile);
const temp = useTempDir('parley-buttons-');
let agent: DemoAgent;

beforeAll(async () => {
  assertBuilt();
  agent = await startDemoAgent({ profile: 'buttons', timeScale: 0.2 });
});
afterAll(() => agent?.close());

/** Runs the CLI without blocking this process (the demo agent answers from it). */
async function parley(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 30_000, env: { ...process.env, FORCE_COLOR: '0', GITHUB_ACTIONS: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('choices in reports', () => {
  it('a failed click shows the buttons offered in the terminal summary, JUnit system-out and the HTML report', async () => {
    const config = await temp.write('agent.yaml', `connection: { url: "${agent.url}" }\nmessages: { choicesPath: quick_replies, attachmentsPath: attachments }\ncoalesceSeconds: 0.1\n`);
    const tests = await temp.write('tests.yaml', 'name: buttons\ncases:\n  - id: wrong-click\n    turns: [help, { click: Cancel }]\n  - id: card\n    turns: [menu, { click: Store credit, expect: { attachments: { count: 1 } } }]\n');
    const junit = join(temp.path(), 'r.xml');
    const html = join(temp.path(), 'r.html');
    const { code, stdout } = await parley(['run', '--agent', config, '--tests', tests, '--out', join(temp.path(), 'r.jsonl'), '--junit', junit, '--html', html]);
    expect(code).toBe(1);
    expect(stdout).toContain('[expectation-failed] Expectation failed: turn 2 clicks "Cancel", which was not offered (choices: Track my order | Refund | Store credit)');
    expect(stdout).toContain('        buttons: [Track my order] [Refund] [Store credit]');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('agent: What can I do for you?  [');
    expect(xml).toMatch(/\n {7}buttons: \[Track my order\] \[Refund\] \[Store credit\]/);
    expect(xml).toContain('user:  (clicked) Store credit');
    expect(xml).toMatch(/\n {7}attachments: 1/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<div class="chips"><span class="chip" title="/track">Track my order</span><span class="chip" title="/refund">Refund</span><span class="chip" title="/credit">Store credit</span></div>');
    expect(page).toContain('<code class="attachment">{&quot;type&quot;:&quot;card&quot;');
  });

  it('refuses attachment and choice expectations the agent config cannot read, naming the paths (exit 2, nothing connects)', async () => {
    const config = await temp.write('plain.yaml', `connection: { url: "${agent.url}" }\n`);
    const tests = await temp.write('asks.yaml', 'cases:\n  - id: a\n    turns: [{ user: help, expect: { choices: [Refund], attachment: { path: title, exists: true } } }]\n');
    const before = agent.stats().total;
    const { code, stderr } = await parley(['run', '--agent', config, '--tests', tests, '--out', join(temp.path(), 'x.jsonl')]);
    expect(code).toBe(2);
    expect(stderr).toContain('cases.0.turns.0.expect.choices: needs messages.choicesPath in the agent config');
    expect(stderr).toContain('cases.0.turns.0.expect.attachment: needs messages.attachmentsPath in the agent config');
    expect(agent.stats().total).toBe(before);
  });
});
