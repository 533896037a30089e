import { describe, expect, it } from 'vitest';
import { quietLog } from '../../src/queue/quiet-log.js';

describe("the worker's log", () => {
  it('says a repeated line (Redis away, retried several times a second) once per interval', () => {
    let clock = 0;
    const said: string[] = [];
    const log = quietLog((line) => said.push(line), 30_000, () => clock);
    for (clock = 0; clock < 60_000; clock += 500) log('Queue error: connect ECONNREFUSED 127.0.0.1:6379');
    log('Simulation a#1 failed: boom');
    expect(said).toEqual(['Queue error: connect ECONNREFUSED 127.0.0.1:6379', 'Queue error: connect ECONNREFUSED 127.0.0.1:6379', 'Simulation a#1 failed: boom']);
  });
});
