/**
 * The optional system packages (redis-server, Chromium): located on PATH, skipped with one line
 * naming the Debian package when missing, a failure when PARLEY_REQUIRE_SERVICES=1. The last two
 * tests run a real queue test file in a child vitest whose PATH holds nothing but node, which
 * hides an installed redis-server too.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { CHROMIUM, checkService, REDIS_SERVER } from '../helpers/services.js';
import { startRedis } from '../queue/helpers/redis-server.js';

const bin = useTempDir('parley-services-');
/** A PATH with only node on it (the child vitest needs node, and nothing else). */
async function nodeOnlyPath(): Promise<string> {
  const dir = join(bin.path(), 'node-only');
  await mkdir(dir, { recursive: true });
  await symlink(process.execPath, join(dir, 'node')).catch(() => undefined);
  return dir;
}

async function fakeExecutable(dir: string, name: string): Promise<string> {
  const path = join(bin.path(), dir, name);
  await mkdir(join(bin.path(), dir), { recursive: true });
  await writeFile(path, '#!/bin/sh\nexit 0\n');
  await chmod(path, 0o755);
  return path;
}

describe('locating redis-server and Chromium', () => {
  it.each([REDIS_SERVER, CHROMIUM])('without $debianPackage on PATH: one skip line naming the Debian package', (service) => {
    const check = checkService(service, { PATH: '/nonexistent' });
    expect(check).toEqual({ skipLine: `skipped: ${service.tests} need ${service.debianPackage} (apt-get install ${service.debianPackage})` });
  });

  it.each([REDIS_SERVER, CHROMIUM])('without $debianPackage and with PARLEY_REQUIRE_SERVICES=1: an error saying what to install', (service) => {
    expect(() => checkService(service, { PATH: '/nonexistent', PARLEY_REQUIRE_SERVICES: '1' })).toThrow(
      `${service.tests} need ${service.debianPackage}, and PARLEY_REQUIRE_SERVICES=1 forbids skipping them (apt-get install ${service.debianPackage})`,
    );
  });

  it('finds each on PATH, and Chromium where PARLEY_CHROMIUM says', async () => {
    const redis = await fakeExecutable('fake-redis', 'redis-server');
    const chromium = await fakeExecutable('fake-chromium', 'chromium');
    const PATH = `/nonexistent:${join(redis, '..')}:${join(chromium, '..')}`;
    expect(checkService(REDIS_SERVER, { PATH, PARLEY_REQUIRE_SERVICES: '1' })).toEqual({ found: 'redis-server' });
    expect(checkService(CHROMIUM, { PATH, PARLEY_REQUIRE_SERVICES: '1' })).toEqual({ found: chromium });
    expect(checkService(CHROMIUM, { PATH: '/nonexistent', PARLEY_CHROMIUM: '/opt/chrome' })).toEqual({ found: '/opt/chrome' });
  });

  it('startRedis without redis-server says it is not installed, at once, not a ping timeout', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const started = Date.now();
      await expect(startRedis()).rejects.toThrow('redis-server is not installed (apt-get install redis-server)');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      process.env.PATH = path;
    }
  });
});

/** Runs one test file in a child vitest with PATH = node only; bounded. */
async function vitestWithoutServices(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const PATH = await nodeOnlyPath();
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', file, '--maxWorkers', '1'], {
    cwd: ROOT,
    env: { HOME: process.env.HOME, PATH, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, output };
}

describe('a queue test file on a machine without redis-server', () => {
  it('is skipped with the one line, and vitest exits 0', async () => {
    const { code, output } = await vitestWithoutServices('test/queue/worker-faults.test.ts', {});
    expect(output).toContain('skipped: queue tests need redis-server (apt-get install redis-server)');
    expect(output).not.toMatch(/ENOENT|did not answer/);
    expect(code, output).toBe(0);
  }, 70_000);

  it('fails under PARLEY_REQUIRE_SERVICES=1, saying what to install', async () => {
    const { code, output } = await vitestWithoutServices('test/queue/worker-faults.test.ts', { PARLEY_REQUIRE_SERVICES: '1' });
    expect(output).toContain('queue tests need redis-server, and PARLEY_REQUIRE_SERVICES=1 forbids skipping them (apt-get install redis-server)');
    expect(output).not.toMatch(/ENOENT|did not answer/);
    expect(code).toBe(1);
  }, 70_000);
});
