/**
 * Row 5: CLI cold start — `parley --version`, and a one-case run against the local agent — each a
 * fresh `node` process, timed from spawn to exit. Baselines: a bare `node -e 0`, and a bare node
 * script that does the same conversation on raw ws (connect, one round trip, close).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { echoPath } from '../agent.js';
import { median, now } from '../util.js';

/** dist/src/cli/main.js, next to the compiled bench; null when it is not built (or not written yet). */
export function cliPath(): string | null {
  const path = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
  return existsSync(path) ? path : null;
}

/** The project root (where node_modules is), for the raw baseline's `import 'ws'`. */
const projectRoot = fileURLToPath(new URL(existsSync(fileURLToPath(new URL('../../package.json', import.meta.url))) ? '../../' : '../../../', import.meta.url));

interface Timed {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function timedNode(args: string[], cwd: string, timeoutMs: number): Promise<Timed> {
  const started = now();
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ ms: now() - started, code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export interface CliOptions {
  /** Agent origin, e.g. ws://127.0.0.1:1234. */
  origin: string;
  runs: number;
}

export interface CliResult {
  available: boolean;
  reason?: string;
  versionMs?: number;
  version?: string;
  runMs?: number;
  runExitCodes?: Array<number | null>;
  nodeMs: number;
  rawRunMs: number;
}

const RAW_CONVERSATION = `
import WebSocket from 'ws';
const ws = new WebSocket(process.argv[1], { perMessageDeflate: false });
ws.on('open', () => ws.send(JSON.stringify({ type: 'message', text: 'Hello' })));
ws.on('message', (data) => { JSON.parse(data.toString()); ws.close(1000, 'done'); });
ws.on('close', () => process.exit(0));
ws.on('error', () => process.exit(1));
setTimeout(() => process.exit(2), 10000).unref();
`;

export async function cliColdStart(options: CliOptions): Promise<CliResult> {
  const url = options.origin + echoPath;
  const runs = Math.max(1, options.runs);
  const nodeMs: number[] = [];
  const rawRunMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    nodeMs.push((await timedNode(['-e', '0'], projectRoot, 20_000)).ms);
    const raw = await timedNode(['--input-type=module', '-e', RAW_CONVERSATION, url], projectRoot, 20_000);
    if (raw.code !== 0) throw new Error(`bench: the raw one-conversation script exited with ${raw.code}: ${raw.stderr}`);
    rawRunMs.push(raw.ms);
  }
  const cli = cliPath();
  if (!cli) {
    return { available: false, reason: 'dist/src/cli/main.js does not exist (the CLI is not built or not written yet)', nodeMs: median(nodeMs), rawRunMs: median(rawRunMs) };
  }

  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  try {
    const agentFile = join(dir, 'agent.json');
    const testsFile = join(dir, 'tests.json');
    // coalesce 0: the run is then bounded by start-up and the round trip, not by a quiet period.
    writeFileSync(agentFile, JSON.stringify({ connection: { url, keepaliveSeconds: 0 }, coalesceSeconds: 0 }));
    writeFileSync(testsFile, JSON.stringify({ name: 'cold-start', cases: [{ id: 'hello', turns: [{ user: 'Hello', expect: { contains: 'Hello' } }] }] }));
    const versionMs: number[] = [];
    const runMs: number[] = [];
    const codes: Array<number | null> = [];
    let version = '';
    for (let i = 0; i < runs; i++) {
      const v = await timedNode([cli, '--version'], dir, 20_000);
      if (v.code !== 0) {
        const detail = v.stderr.split('\n').find((line) => /Error|error/.test(line)) ?? v.stderr.slice(0, 200);
        return { available: false, reason: `dist/src/cli/main.js is there but \`--version\` exited with ${v.code} (${detail.trim()})`, nodeMs: median(nodeMs), rawRunMs: median(rawRunMs) };
      }
      version = v.stdout.trim();
      versionMs.push(v.ms);
      const out = join(dir, `results-${i}.jsonl`);
      const run = await timedNode([cli, 'run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--json'], dir, 20_000);
      codes.push(run.code);
      runMs.push(run.ms);
    }
    const result: CliResult = {
      available: true,
      versionMs: median(versionMs),
      version,
      runMs: median(runMs),
      runExitCodes: codes,
      nodeMs: median(nodeMs),
      rawRunMs: median(rawRunMs),
    };
    if (codes.some((code) => code !== 0)) result.reason = `parley run exited with ${codes.join(', ')} (expected 0)`;
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
