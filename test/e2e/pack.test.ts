/**
 * The package people install: `npm pack` of this checkout, installed into an empty folder with
 * `npm install ./<tarball>` (dependencies from the npm cache or registry), runs `npx parley
 * --version`, `npx parley demo`, and the library import the README shows, by its scoped name.
 * Slow (an npm install): one file, bounded to about two minutes, its temp folder removed after.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ROOT } from './helpers/cli.js';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; killed (and the test failed) after `ms`. */
function run(command: string, args: string[], cwd: string, ms: number): Promise<Ran> {
  return new Promise((resolve, reject) => {
    // FORCE_COLOR off: the demo's report is read as plain text.
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} took over ${ms} ms\n${stdout}\n${stderr}`));
    }, ms);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

/** The README's library example, against a demo agent, through the installed package. */
const LIBRARY_SCRIPT = `
import { connect, runTestSet, parseTestSet, startDemoAgent, conversationMachine } from '${manifest.name}';
const agent = await startDemoAgent({ profile: 'simple' });
const config = {
  connection: { url: agent.url },
  messages: { sendTemplate: { type: 'message', text: '{{message}}' }, typePath: 'type', textTypes: ['message'], textPath: 'text' },
};
const convo = await connect(config);
const reply = await convo.send('hello');
await convo.close();
const summary = await runTestSet(config, parseTestSet({ cases: [{ id: 'hours', turns: [{ user: 'when are you open?', expect: { contains: '9' } }] }] }));
await agent.close();
console.log(JSON.stringify({ reply: reply.text, passed: summary.passed, machine: conversationMachine.id }));
`;

let dir = '';
let app = '';

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'parley-pack-'));
  app = join(dir, 'app');
  await mkdir(app);
  // dist is built (npm test's pretest): pack without running `prepare` again.
  const pack = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], ROOT, 60_000);
  expect(pack.code, pack.stderr).toBe(0);
  const tarball = (await readdir(dir)).find((file) => file.endsWith('.tgz'))!;
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tarball)], app, 100_000);
  expect(install.code, install.stderr).toBe(0);
}, 170_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe(`the packed ${manifest.name}, installed into an empty folder`, () => {
  it('npx parley --version prints the version', async () => {
    const result = await run('npx', ['--no-install', 'parley', '--version'], app, 30_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(manifest.version);
  }, 40_000);

  it('npx parley demo runs every bundled example and passes, with no Node warning', async () => {
    const result = await run('npx', ['--no-install', 'parley', 'demo'], app, 60_000);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}total +\d+ passed, 0 failed, 0 error in /m);
    expect(result.stderr).not.toMatch(/Warning/);
  }, 70_000);

  it("the README's library import works by the package's scoped name", async () => {
    await writeFile(join(app, 'library.mjs'), LIBRARY_SCRIPT);
    const result = await run(process.execPath, ['library.mjs'], app, 30_000);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ reply: 'Hi! How can I help?', passed: 1, machine: 'conversation' });
  }, 40_000);
});
