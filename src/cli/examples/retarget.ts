import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { parseAgentConfig } from '../../config/load.js';
import type { AgentConfig } from '../../config/types.js';
import { examplesDir } from '../package-info.js';

type Raw = Record<string, unknown>;

/** The example's agent file, for messages and reports. */
export function exampleAgentFile(dir: string): string {
  return join(examplesDir(), dir, 'agent.yaml');
}

/** The example's test set file. */
export function exampleTestsFile(dir: string): string {
  return join(examplesDir(), dir, 'tests.yaml');
}

/** An example's agent config as written (a plain object), before validation. */
export async function readExampleAgent(dir: string): Promise<Raw> {
  return parse(await readFile(exampleAgentFile(dir), 'utf8')) as Raw;
}

/**
 * The example pointed at a running agent: the host and port of its URL (or of its setup URL, in
 * http-first mode) become the agent's, while path and query stay as the example has them. The
 * example files stay usable as they are (they name 127.0.0.1:8080, `parley agent`'s default).
 */
export function retarget(raw: Raw, agentUrl: string): Raw {
  const connection = { ...(raw.connection as Raw) };
  const target = new URL(agentUrl);
  if (typeof connection.url === 'string') connection.url = withHost(connection.url, target);
  if (connection.setup && typeof (connection.setup as Raw).url === 'string') {
    const setup = connection.setup as Raw;
    connection.setup = { ...setup, url: withHost(setup.url as string, target) };
  }
  raw = { ...raw, ...retargetHttpSteps(raw, target) };
  const messages = raw.messages as Raw | undefined;
  const sendVia = messages?.sendVia as Raw | undefined;
  if (messages && sendVia && typeof sendVia.url === 'string') {
    const url = withHost(sendVia.url, target);
    return { ...raw, connection, messages: { ...messages, sendVia: { ...sendVia, url } } };
  }
  return { ...raw, connection };
}

/** An `http` handshake step (README "Config reference") that calls the example's own host calls the agent's. */
function retargetHttpSteps(raw: Raw, target: URL): Raw {
  const handshake = raw.handshake as Raw | undefined;
  if (!handshake || !Array.isArray(handshake.steps)) return {};
  const steps = (handshake.steps as Raw[]).map((step) => {
    const http = step.http as Raw | undefined;
    if (!http || typeof http.url !== 'string') return step;
    return { ...step, http: { ...http, url: http.url.replace(/^(https?:\/\/)[^/]+/i, `$1${target.host}`) } };
  });
  return { handshake: { ...handshake, steps } };
}

/** By text, not through URL: it would percent-encode the braces of a placeholder in the path. */
function withHost(url: string, target: URL): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]+/i, `$1${target.host}`);
}

/** The example, retargeted and validated like a file (relative paths against its folder). */
export async function loadRetargeted(dir: string, agentUrl: string): Promise<AgentConfig> {
  const file = exampleAgentFile(dir);
  return parseAgentConfig(retarget(await readExampleAgent(dir), agentUrl), { baseDir: dirname(file), file });
}
