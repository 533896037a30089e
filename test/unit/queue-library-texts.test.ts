import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorOfFailedJob } from '../../src/queue/failed-result.js';
import { inParleyWords } from '../../src/queue/library-texts.js';

describe("the queue libraries' texts, in Parley's words", () => {
  const original = console.warn;
  afterEach(() => {
    console.warn = original;
    vi.resetModules();
  });

  it("BullMQ's internal errors are said as what they mean for a simulation; other texts are left as they are", () => {
    expect(inParleyWords('Missing key for job 12. moveToFinished')).toBe('its job is no longer in the queue: the run that queued it has ended or was cancelled');
    expect(inParleyWords('Missing lock for job 3. moveToFailed')).toBe('its job is no longer in the queue: the run that queued it has ended or was cancelled');
    expect(errorOfFailedJob('Missing key for job 7. moveToFinished').message).not.toMatch(/Missing key|moveToFinished/);
    expect(inParleyWords('Connection is closed.')).toBe('Connection is closed.');
  });

  it("ioredis's password warning is said once, reworded; other warnings pass through", async () => {
    const seen: string[] = [];
    console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
    const { rewordRedisWarnings } = await import('../../src/queue/library-texts.js');
    rewordRedisWarnings();
    rewordRedisWarnings();
    for (let i = 0; i < 3; i++) console.warn("[WARN] This Redis server's `default` user does not require a password, but a password was supplied");
    console.warn('[WARN] Redis server does not require a password, but a password was supplied.');
    console.warn('something else', 1);
    expect(seen).toEqual(["warning: the queue's Redis needs no password, but the --queue URL gives one; it is not used", 'something else 1']);
  });
});
