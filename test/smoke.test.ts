import { describe, it, expect } from 'vitest';
import { connect } from '../src/engine/connect.js';
import { startScriptedAgent, echoScript } from '../test/helpers/scripted-agent.js';
describe('smoke', () => {
  it('round trip', async () => {
    const agent = await startScriptedAgent(echoScript((t) => [{ type: 'typing' }, { type: 'message', text: 'a:' + t }, { type: 'message', text: 'b' }]));
    try {
      const convo = await connect({ connection: { url: agent.url }, coalesceSeconds: 0.05 });
      const t0 = Date.now();
      const reply = await convo.send('He said "hi" \\ {{message}}\n😀');
      console.log(reply, Date.now() - t0, convo.stats);
      expect(reply.text).toBe('a:He said "hi" \\ {{message}}\n😀\nb');
      const out = await convo.close();
      console.log(out);
    } finally { await agent.close(); }
  });
});
