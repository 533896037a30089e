import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/**
 * A private `redis-server` for the queue row of the bench and for each queue test file: loopback
 * only, no persistence, stopped by PID.
 */
export interface TestRedis {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (redis-server cannot take port 0 and report it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** TLS material for a `rediss://` server (PEM file paths). */
export interface RedisTls {
  cert: string;
  key: string;
  ca: string;
}

/**
 * Starts `redis-server` on a free port of 127.0.0.1 (TLS only, with `tls`) and resolves once it
 * answers PING.
 */
export async function startRedis(options: { password?: string; tls?: RedisTls } = {}): Promise<TestRedis> {
  const port = await freePort();
  const { tls } = options;
  const listen = tls
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tls.cert, '--tls-key-file', tls.key, '--tls-ca-cert-file', tls.ca, '--tls-auth-clients', 'no']
    : ['--port', String(port)];
  const args = [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (options.password) args.push('--requirepass', options.password);
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A redis-server that is missing or dies at once is said as such, not as a ping timeout.
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'ENOENT' ? 'redis-server is not installed (apt-get install redis-server)' : `redis-server did not start: ${error.message}`)),
    );
    child.once('exit', (code, signal) => reject(new Error(`redis-server exited (${signal ?? `code ${code}`}) before answering on port ${port}`)));
  });
  failed.catch(() => {});
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  const url = `${tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`;
  await Promise.race([waitForPing(url, 5000, tls ? { ca: readFileSync(tls.ca) } : undefined), failed]);
  return {
    url,
    port,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
      await exited;
    },
  };
}

async function waitForPing(url: string, ms: number, tls?: { ca: Buffer }): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, ...(tls ? { tls } : {}) });
    redis.on('error', () => {});
    try {
      await redis.connect();
      await redis.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${url} within ${ms} ms: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      redis.disconnect();
    }
  }
}

/**
 * Whether a `redis-server` is on `env.PATH` (the bench skips its queue row without one, the queue
 * tests skip their file).
 */
export function redisServerInstalled(env: NodeJS.ProcessEnv = process.env): boolean {
  // With `env`, spawn looks the command up on env.PATH, so a test can hide an installed one.
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore', env });
  return probe.error === undefined && probe.status === 0;
}
