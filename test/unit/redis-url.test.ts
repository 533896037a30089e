import { describe, expect, it } from 'vitest';
import { maskRedisUrl, redisUrlProblem, scrubQueueSecrets } from '../../src/queue/redis-url.js';

describe('the queue URL', () => {
  it('is shown with its password masked, however it is written', () => {
    expect(maskRedisUrl('redis://:hunter2@10.0.0.5:6379/0')).toBe('redis://:****@10.0.0.5:6379/0');
    expect(maskRedisUrl('rediss://default:hunter2@cache.example.com:6380')).toBe('rediss://default:****@cache.example.com:6380');
    // A lone user name is what some providers put their token in.
    expect(maskRedisUrl('redis://hunter2@host')).toBe('redis://****@host');
    expect(maskRedisUrl('redis://host:6379?password=hunter2&db=1')).toBe('redis://host:6379?password=****&db=1');
    expect(maskRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('accepts redis:// and rediss:// with a host, and says what is wrong with anything else (masked)', () => {
    expect(redisUrlProblem('redis://127.0.0.1:6379/0')).toBeNull();
    expect(redisUrlProblem('rediss://cache.example.com')).toBeNull();
    expect(redisUrlProblem('http://:hunter2@host')).toBe('Expected a redis:// or rediss:// URL, got "http://:****@host".');
    expect(redisUrlProblem(':hunter2@host')).toContain('Expected a redis:// or rediss:// URL');
    expect(redisUrlProblem('not a url //x:hunter2@y')).not.toContain('hunter2');
  });

  it('scrubs the password out of any message, encoded or not', () => {
    const url = 'redis://:p%40ss@host';
    expect(scrubQueueSecrets('WRONGPASS for p@ss and p%40ss', url)).toBe('WRONGPASS for **** and ****');
  });
});
