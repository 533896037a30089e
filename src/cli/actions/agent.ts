import { stringify } from 'yaml';
import { startDemoAgent, type DemoAgent } from '../../demo/index.js';
import type { AgentFlags } from '../flags/agent.js';
import { EXAMPLE_FOR_PROFILE } from '../examples/catalog.js';
import { readExampleAgent, retarget } from '../examples/retarget.js';
import { CliExit, EXIT, type ExitCode } from '../exit-codes.js';
import { untilStopped } from '../interrupt.js';
import { parentGone } from '../parent-watch.js';
import { maskHeaders, maskSecret } from '../../redact.js';
import type { CliIO } from '../io.js';

/** Runs the agent until SIGINT or SIGTERM, or until its parent process has gone, then closes it cleanly (exit 0). */
export async function agentCommand(flags: AgentFlags, io: CliIO): Promise<ExitCode> {
  const parent = parentGone();
  const stopped = Promise.race([untilStopped(), parent.gone.then(() => 'parent process exited')]);
  const agent = await start(flags);
  try {
    // The snippet first: once the "listening" line shows, everything a reader needs is above it.
    io.out(await configSnippet(agent, flags));
    io.out(`Demo agent "${agent.profile}" listening on ${agent.url}  (Ctrl-C to stop)`);
    const reason = await stopped;
    io.err(`\n${reason}: stopping the demo agent…`);
  } finally {
    parent.stop();
    await agent.close();
  }
  io.err('Stopped.');
  return EXIT.ok;
}

/** The flags that set the simple profile's gates, as the user typed them. */
const GATE_FLAGS = { authorization: '--authorization', requireHeader: '--require-header', requireInit: '--require-init' } as const;

async function start(flags: AgentFlags): Promise<DemoAgent> {
  const gates = (Object.keys(GATE_FLAGS) as Array<keyof typeof GATE_FLAGS>).filter((key) => flags[key] !== undefined);
  if (gates.length > 0 && flags.profile !== 'simple') {
    // Given elsewhere they would silently do nothing: said as usage, in the flags' own names.
    const named = gates.map((key) => GATE_FLAGS[key]).join(', ');
    throw new CliExit(EXIT.usage, `parley agent: ${named} ${gates.length === 1 ? 'applies' : 'apply'} to --profile simple only, not "${flags.profile}"`);
  }
  try {
    return await startDemoAgent({
      profile: flags.profile,
      port: flags.port,
      ...(flags.authorization === undefined ? {} : { authorization: flags.authorization }),
      ...(flags.requireHeader === undefined ? {} : { requiredHeaders: flags.requireHeader }),
      ...(flags.requireInit === undefined ? {} : { requireInit: flags.requireInit }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // The port is the user's choice: a taken one is bad usage, like any other unusable argument.
    if (code === 'EADDRINUSE') throw new CliExit(EXIT.usage, `Port ${flags.port} is already in use: choose another with --port`);
    throw error;
  }
}

/** The matching example, pointed at this agent, to paste into a config file. */
async function configSnippet(agent: DemoAgent, flags: AgentFlags): Promise<string> {
  const dir = EXAMPLE_FOR_PROFILE[agent.profile];
  const config = withGates(retarget(await readExampleAgent(dir), agent.url), flags);
  const yaml = stringify(config, { lineWidth: 0 }).trimEnd().replace(/^/gm, '  ');
  return `An agent config for it (examples/${dir}/agent.yaml, with this port):\n\n${yaml}\n`;
}

/** The example with what the gates ask for, so the printed config gets through them. */
function withGates(config: Record<string, unknown>, flags: AgentFlags): Record<string, unknown> {
  const connection = { ...(config.connection as Record<string, unknown>) };
  // Printed masked like every credential (README "Error codes"): the user has the value they typed.
  if (flags.authorization !== undefined) connection.authorization = maskSecret(flags.authorization);
  if (flags.requireHeader !== undefined) connection.headers = { ...(connection.headers as Record<string, string> | undefined), ...maskHeaders(flags.requireHeader) };
  if (flags.requireInit !== undefined) connection.init = flags.requireInit;
  return { ...config, connection };
}
