/**
 * `parley chat` (README "Chatting by hand"), the built CLI against demo agents on 127.0.0.1: scripted through stdin
 * (every line written at once), and through a pseudo-terminal made by util-linux `script` (prompt,
 * history, Ctrl-D). No native pty module is needed.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTestSet } from '../../src/config/load.js';
import { startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { refusedPort } from '../helpers/conv-servers.js';
import { startScriptedAgent } from '../helpers/scripted-agent.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { assertBuilt, CLI, ROOT, runCli } from './helpers/cli.js';

const execFileAsync = promisify(execFile);
const temp = useTempDir('parley-chat-');
let agent: DemoAgent;
let config: string;

beforeAll(async () => {
  assertBuilt();
  agent = await startDemoAgent({ profile: 'buttons', timeScale: 0.2 });
  config = await temp.write(
    'agent.yaml',
    `name: demo-buttons\nconnection: { url: "${agent.url}" }\nmessages: { choicesPath: quick_replies, attachmentsPath: attachments }\ncoalesceSeconds: 0.1\nresponseTimeoutSeconds: 3\n`,
  );
});
afterAll(() => agent?.close());

/** Runs the chat with `input` written to stdin at once, then closed (Ctrl-D for a script). */
const chat = (args: string[], input: string, timeoutMs = 20_000) => runCli(['chat', ...args], { input, timeoutMs });

describe('parley chat from stdin', () => {
  it('handles lines in order, each after the reply before it: numbered choices, clicks, frames, unknown commands, /save', async () => {
    const save = join(temp.path(), 'saved.yaml');
    const { code, stdout } = await chat(['--agent', config, '--save', save], 'help\n/click 9\n/click Refund\n/frames\nhello\n/frames\n/bogus\n/click 1\n/save\n');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    expect(lines).toContain('  choices: [1] Track my order  [2] Refund  [3] Store credit');
    expect(lines).toContain('There are 3 choices: pick 1–3 ([1] Track my order  [2] Refund  [3] Store credit).');
    expect(stdout).toMatch(/agent \(\d+ ms\): Refund to your card or as store credit\?\n {2}choices: \[1\] To my card {2}\[2\] Store credit/);
    // With /frames on, the raw frame and its class come before the turn they make.
    expect(at(/^ {2}← \+\d+\.\d{3} s {2}text {8}\{"type":"message","text":"Hi! How can I help\?"\}$/)).toBeLessThan(at(/^agent \(\d+ ms\): Hi! How can I help\?$/));
    expect(stdout.match(/ {2}← /g)).toHaveLength(1);
    expect(lines).toContain('Unknown command /bogus. Commands: /click N or /click Title, /frames, /save, /reconnect, /quit.');
    expect(lines).toContain('The last agent turn offered no choices.');
    expect(lines).toContain(`Saved case chat-1 to ${save}.`);
    expect(lines.at(-2)).toBe('Bye.');
    const saved = parseTestSet(parse(readFileSync(save, 'utf8')));
    expect(saved.name).toBe('chat');
    expect(saved.cases).toEqual([
      {
        id: 'chat-1',
        agentFirst: false,
        turns: [
          { user: 'help', expect: { contains: 'What can I do for you?', choices: ['Track my order', 'Refund', 'Store credit'] } },
          { click: 'Refund', expect: { contains: 'Refund to your card or as store credit?', choices: ['To my card', 'Store credit'] } },
          { user: 'hello', expect: { contains: 'Hi! How can I help?' } },
        ],
      },
    ]);
    // What was saved runs and passes.
    // Not spawnSync: the demo agent runs in this process and must go on answering.
    const run = await execFileAsync(process.execPath, [CLI, 'run', '--agent', config, '--tests', save, '--out', join(temp.path(), 'r.jsonl')], { timeout: 20_000 });
    expect(run.stdout).toMatch(/passed\s+1\n\s+failed\s+0/);
  });

  it('/save keeps the other cases, takes the first free chat-n, and never overwrites a case with --case-id', async () => {
    const save = await temp.write('mine.yaml', '# my cases\nname: mine\ncases:\n  - id: chat-1\n    turns: [Hello]   # keep me\n');
    await chat(['--agent', config, '--save', save], 'menu\n/click Store credit\n/save\n');
    const text = readFileSync(save, 'utf8');
    // The other case and the comments stay (YAML may respace a flow list: `[ Hello ]`).
    expect(text).toMatch(/^# my cases\nname: mine\ncases:\n {2}- id: chat-1\n {4}turns: \[ ?Hello ?\] +# keep me\n/);
    expect(text).toContain('id: chat-2');
    expect(text).toMatch(/- click: Store credit\n\s+expect:\n\s+attachments:\n\s+count: 1/);
    const again = await chat(['--agent', config, '--save', save, '--case-id', 'chat-2'], 'hello\n/save\n');
    expect(again.stdout).toContain('Not saved: a case with id "chat-2" is already in the file (nothing was overwritten)');
    expect(readFileSync(save, 'utf8')).toBe(text);
  });

  it('refuses a --save file that is not a test set before connecting (exit 2)', async () => {
    const bad = await temp.write('not-tests.yaml', 'connection: { url: ws://x }\n');
    const before = agent.stats().total;
    const { code, stdout, stderr } = await chat(['--agent', config, '--save', bad], 'hello\n');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`--save ${bad} is not a test set`);
    expect(stderr).toContain('connection: unknown key');
    expect(agent.stats().total).toBe(before);
  });

  it('prints a connect failure with run\'s message and offers /reconnect', async () => {
    const port = await refusedPort();
    const refused = await temp.write('refused.yaml', `connection: { url: "ws://127.0.0.1:${port}/ws", connectTimeoutSeconds: 2 }\n`);
    const { code, stdout } = await chat(['--agent', refused], 'hello\n/reconnect\n/quit\n');
    expect(code).toBe(0);
    expect(stdout.match(/^\[connect-failed\] Failed to connect to WebSocket/gm)).toHaveLength(2);
    expect(stdout).toContain('Type /reconnect to start a new conversation, or /quit.');
    expect(stdout).toContain('Not connected: type /reconnect to start a new conversation.');
  });

  it('says when the agent closes the conversation, with run\'s message, and /reconnect starts a new one', async () => {
    const closing = await startScriptedAgent((ws) => ws.on('message', () => ws.close(4000, 'bye now')));
    try {
      const file = await temp.write('closing.yaml', `connection: { url: "${closing.url}" }\ncoalesceSeconds: 0.1\n`);
      const { code, stdout } = await chat(['--agent', file], 'hello\n/reconnect\n');
      expect(code).toBe(0);
      expect(stdout).toContain('[agent-closed] Agent closed the connection (code 4000: bye now)');
      expect(stdout.match(/^Connected\./gm)).toHaveLength(2);
    } finally {
      await closing.close();
    }
  });
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasScript)('parley chat in a terminal (a pseudo-terminal from util-linux script)', () => {
  it('prompts, keeps a history (up arrow sends the last line again) and ends on Ctrl-D', async () => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} chat --agent ${JSON.stringify(config)}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0', TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const waitFor = async (pattern: RegExp, count = 1) => {
      const deadline = Date.now() + 10_000;
      while ((output.match(new RegExp(pattern.source, 'g')) ?? []).length < count) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await waitFor(/you> /);
      child.stdin.write('hello\r');
      await waitFor(/Hi! How can I help\?/);
      child.stdin.write('\u001b[A\r');
      await waitFor(/Hi! How can I help\?/, 2);
      child.stdin.write('\u0004');
      await waitFor(/Bye\./);
      expect(await closed).toBe(0);
    } finally {
      child.kill();
    }
    expect(output).toMatch(/you> .*hello/);
  });
});
