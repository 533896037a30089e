/**
 * Nothing left behind, proven from outside: a child `node` process runs mixed good/hostile runs
 * through the built library (dist/) and must exit on its own, promptly: its event loop drains
 * (`beforeExit`) soon after the last run resolves, with no active handle but its stdio.
 * (`npm test` builds dist/ first; run `npm run build` before running this file alone.)
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHostilePool, type HostilePool } from './agents/pool.js';
import { refusedPort } from './agents/refused-port.js';
import { directConfig, httpFirstConfig } from './support/config.js';

const script = fileURLToPath(new URL('./fixtures/exit-check.mjs', import.meta.url));

/** Longest the child's event loop may stay busy after its last run resolved. */
const DRAIN_WITHIN_MS = 1000;
/** Longest the whole child may run: a hang past this is a failure, and the child is killed. */
const CHILD_LIMIT_MS = 15_000;

let pool: HostilePool;
beforeEach(async () => {
  pool = await startHostilePool();
});
afterEach(async () => {
  await pool.close();
});

interface ChildOutcome {
  lines: Array<Record<string, unknown>>;
  code: number | null;
  /** ms from the last stdout line to the exit. */
  lingerMs: number;
  stderr: string;
}

function runChild(arg: unknown): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(arg)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let lastLineAt = performance.now();
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child still running after ${CHILD_LIMIT_MS} ms; stdout so far: ${stdout}`));
    }, CHILD_LIMIT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      lastLineAt = performance.now();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      const lingerMs = performance.now() - lastLineAt;
      const lines = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ lines, code, lingerMs, stderr });
    });
  });
}

describe('a process that used Parley against hostile agents', () => {
  it('exits on its own, at once, with no handle left but its stdout', async () => {
    const closed = await refusedPort();
    const cases = (ids: string[]) => ids.map((id) => ({ id, turns: ['one', 'two'] }));
    const outcome = await runChild({
      runs: [
        {
          config: directConfig('ws://127.0.0.1:{{case.id}}', { connection: { keepaliveSeconds: 0.2 }, responseTimeoutSeconds: 0.5, maxTurnSeconds: 0.7 }),
          cases: cases([
            'good/1', 'junk/1', 'close-mid-turn/1', 'reset-mid-turn/1', 'oversized/1', 'no-pong/1', 'mute/1', 'flood/1',
            'status-401/1', 'silent-upgrade/1', 'never-ready/1', 'good/2',
          ].map((id) => `${pool.port}/${id}`).concat(`${closed}/refused`)),
        },
        {
          config: httpFirstConfig(`http://127.0.0.1:${pool.port}/setup/{{case.id}}`),
          cases: cases(['good/1', 'status-500/1', 'not-json/1', 'no-url/1', 'redirect/1', 'slow/1', 'slow-body/1', 'good/2']),
        },
      ],
    });
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    const [direct, httpFirst, done] = outcome.lines;
    expect(direct).toMatchObject({ summary: { total: 13 } });
    expect(httpFirst).toMatchObject({ summary: { total: 8, passed: 2 } });
    expect(done).toMatchObject({ done: true });
    // The stdio pipes are the only things allowed to be active once the loop has drained.
    expect((done!.handles as string[]).filter((kind) => kind !== 'PipeWrap' && kind !== 'TTYWrap')).toEqual([]);
    expect(done!.drainMs as number).toBeLessThan(DRAIN_WITHIN_MS);
    expect(outcome.lingerMs).toBeLessThan(DRAIN_WITHIN_MS);
    await pool.waitForNoConnections();
  });
});

