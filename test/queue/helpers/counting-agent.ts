import { startScriptedAgent, type ScriptedAgent } from '../../helpers/scripted-agent.js';

/** An agent that counts its simultaneous conversations. */
export interface CountingAgent {
  url: string;
  /** Conversations open now. */
  readonly open: number;
  /** The most that were ever open at once. */
  readonly max: number;
  /** Conversations ever opened. */
  readonly total: number;
  close(): Promise<void>;
}

/**
 * A ws agent on 127.0.0.1 that answers every user message with `{"type":"message","text":"ok"}`
 * after `replyMs` (never, when null) and records how many conversations were open at once.
 */
export async function startCountingAgent(replyMs: number | null): Promise<CountingAgent> {
  let open = 0;
  let max = 0;
  let total = 0;
  const agent: ScriptedAgent = await startScriptedAgent((ws) => {
    open++;
    total++;
    max = Math.max(max, open);
    const timers = new Set<NodeJS.Timeout>();
    ws.on('close', () => {
      open--;
      for (const timer of timers) clearTimeout(timer);
    });
    ws.on('message', () => {
      if (replyMs === null) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        ws.send(JSON.stringify({ type: 'message', text: 'ok' }));
      }, replyMs);
      timers.add(timer);
    });
  });
  return {
    url: agent.url,
    get open() {
      return open;
    },
    get max() {
      return max;
    },
    get total() {
      return total;
    },
    close: () => agent.close(),
  };
}
