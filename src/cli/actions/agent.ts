import { stringify } from 'yaml';
import { startDemoAgent, type DemoAgent } from '../../demo/index.js';
import type { AgentFlags } from '../flags/agent.js';
import { EXAMPLE_FOR_PROFILE } from '../examples/catalog.js';
import { readExampleAgent, retarget } from '../examples/retarget.js';
import { CliExit, EXIT, type ExitCode } from '../exit-codes.js';
import { untilStopped } from '../interrupt.js';
import type { CliIO } from '../io.js';

/** Runs the agent until SIGINT or SIGTERM, then closes it cleanly (exit 0). */
export async function agentCommand(flags: AgentFlags, io: CliIO): Promise<ExitCode> {
  const stopped = untilStopped();
  const agent = await start(flags);
  try {
    // The snippet first: once the "listening" line shows, everything a reader needs is above it.
    io.out(await configSnippet(agent));
    io.out(`Demo agent "${agent.profile}" listening on ${agent.url}  (Ctrl-C to stop)`);
    const signal = await stopped;
    io.err(`\n${signal}: stopping the demo agent…`);
  } finally {
    await agent.close();
  }
  io.err('Stopped.');
  return EXIT.ok;
}

async function start(flags: AgentFlags): Promise<DemoAgent> {
  try {
    return await startDemoAgent({ profile: flags.profile, port: flags.port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliExit(EXIT.failed, `Port ${flags.port} is already in use: choose another with --port`);
    throw error;
  }
}

/** The matching example, pointed at this agent, to paste into a config file. */
async function configSnippet(agent: DemoAgent): Promise<string> {
  const dir = EXAMPLE_FOR_PROFILE[agent.profile];
  const config = retarget(await readExampleAgent(dir), agent.url);
  const yaml = stringify(config, { lineWidth: 0 }).trimEnd().replace(/^/gm, '  ');
  return `An agent config for it (examples/${dir}/agent.yaml, with this port):\n\n${yaml}\n`;
}
