import { describe, it, expect } from 'vitest';
import { runTestSet } from '../src/engine/run.js';
import { parseTestSet } from '../src/config/load.js';
import { startScriptedAgent, echoScript } from './helpers/scripted-agent.js';
describe('smoke run', () => {
  it('runs 24 cases at 8', async () => {
    let open = 0, peak = 0;
    const agent = await startScriptedAgent((ws) => { open++; peak = Math.max(peak, open); ws.on('close', () => open--); echoScript()(ws, undefined as never); });
    try {
      const testSet = parseTestSet({ cases: Array.from({ length: 24 }, (_, i) => ({ id: `c${i}`, turns: ['hi', { user: 'there', expect: { contains: 'ECHO: THERE' } }] })) });
      const results: unknown[] = [];
      const t0 = Date.now();
      const summary = await runTestSet({ connection: { url: agent.url }, coalesceSeconds: 0.05 }, testSet, { onResult: (r) => results.push(r) });
      console.log(summary, peak, Date.now() - t0);
      console.log(JSON.stringify(results[0]));
      expect(summary.passed).toBe(24);
      expect(peak).toBe(8);
    } finally { await agent.close(); }
  });
});
