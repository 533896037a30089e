import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/engine/connect.js';
import { ParleyError } from '../../src/errors.js';
import { rawAgentConfig } from '../helpers/run-fixtures.js';
import { within } from '../helpers/wait.js';
import { startScriptedAgent, type ScriptedAgent } from '../helpers/scripted-agent.js';

let agent: ScriptedAgent | undefined;
afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

describe('send() after the caller closed the conversation', () => {
  it('rejects saying the caller closed it, not that the agent did (code 1000)', async () => {
    agent = await startScriptedAgent(() => undefined);
    const convo = await within(connect(rawAgentConfig(agent.url)), 5000, 'connect');
    const output = await within(convo.close(), 5000, 'close');
    expect(output.closedBy).toBe('client');
    const error = (await convo.send('hello').catch((caught: unknown) => caught)) as ParleyError;
    expect(error).toBeInstanceOf(ParleyError);
    expect(error.code).toBe('cancelled');
    expect(error.message).toMatch(/closed by the caller/);
    expect(error.message).not.toMatch(/Agent closed|1000/);
  });

  it('while close() is still under way, send() rejects the same way', async () => {
    agent = await startScriptedAgent(() => undefined);
    const convo = await within(connect(rawAgentConfig(agent.url)), 5000, 'connect');
    const closing = convo.close();
    await expect(convo.send('hello')).rejects.toThrow(/closed by the caller/);
    await within(closing, 5000, 'close');
  });
});
