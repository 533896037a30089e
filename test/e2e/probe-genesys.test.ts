/**
 * The Genesys pattern end to end through probe: ready message, no opening turn, direction and
 * type filtering. A regression check for an engine bug found while building the CLI (fixed in
 * machines/conversation.ts): with readyType set and no opening turn, the conversation waited
 * responseTimeoutSeconds for an opening turn that was not coming, then delivered an empty one.
 */
import { afterEach, beforeAll, expect, it } from 'vitest';
import { startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { assertBuilt, runCli } from './helpers/cli.js';
import { agentConfig, scratch, type Scratch } from './helpers/files.js';

let agent: DemoAgent | undefined;
let files: Scratch | undefined;

beforeAll(assertBuilt);
afterEach(async () => {
  await agent?.close();
  await files?.cleanup();
});

it('sends the message right after the ready message, and shows each frame class', async () => {
  agent = await startDemoAgent({ profile: 'genesys' });
  files = await scratch();
  const file = await files.write(
    'agent.yaml',
    agentConfig(`${agent.url}?deploymentId=dep-1`, {
      connection: { init: { action: 'configureSession', deploymentId: 'dep-1', token: '{{simulation.id}}' } },
      messages: {
        sendTemplate: { action: 'onMessage', token: '{{simulation.id}}', message: { type: 'Text', text: '{{message}}' } },
        typePath: 'class',
        textTypes: ['StructuredMessage'],
        textPath: 'body.text',
        directionPath: 'body.direction',
        outboundDirection: 'Outbound',
      },
      handshake: { readyType: 'SessionResponse', timeoutSeconds: 5 },
      responseTimeoutSeconds: 12,
    }),
  );
  const result = await runCli(['probe', '--agent', file], { timeoutMs: 25_000 });
  expect(result.code).toBe(0);
  const out = result.stdout;
  expect(out).toMatch(/→ init on open {4}\{"action":"configureSession","deploymentId":"dep-1","token":"[0-9a-f-]{36}"\}/);
  expect(out).toMatch(/ready {7}\{"type":"response","class":"SessionResponse"/);
  expect(out).toMatch(/direction {3}\{"type":"message","class":"StructuredMessage","code":200,"body":\{"direction":"Inbound"/);
  expect(out).toMatch(/type {8}\{"type":"message","class":"TypingIndicator"/);
  expect(out).toMatch(/text {8}\{"type":"message","class":"StructuredMessage","code":200,"body":\{"direction":"Outbound"/);
  expect(out).toContain('Frames: 4 received; dropped: direction 1, type 1');
  expect(out).not.toContain('empty opening turn');
  // From the ready frame to sending the message: at once (it was 12 s with the bug).
  const ready = Number(/← \+(\d+\.\d+) s {2}ready/.exec(out)?.[1]);
  const sent = Number(/→ \+(\d+\.\d+) s {2}message/.exec(out)?.[1]);
  expect(sent - ready).toBeLessThan(5);
}, 30_000);
