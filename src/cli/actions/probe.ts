import { adviseOn } from '../../probe/advice/index.js';
import { probeSession } from '../../probe/session.js';
import { gotReply } from '../../probe/types.js';
import type { ProbeFlags } from '../flags/probe.js';
import { EXIT, usageError, type ExitCode } from '../exit-codes.js';
import { flushAndExit, type CliIO } from '../io.js';
import { loadInputs } from '../load-inputs.js';

/** Exit 0 when a reply came, 1 when not, 2 for an invalid file (README "CLI"). */
export async function probeCommand(flags: ProbeFlags, io: CliIO): Promise<ExitCode> {
  if (flags.message.trim() === '') throw usageError('error: --message must not be empty');
  const { agent } = await loadInputs({ agent: flags.agent });
  // A probe keeps nothing worth winding down for: Ctrl-C ends it at once.
  const interrupt = (): void => {
    io.err('\nInterrupted.');
    flushAndExit(EXIT.interrupted);
  };
  process.once('SIGINT', interrupt);
  try {
    const observations = await probeSession(agent, { message: flags.message, write: io.out, agentFirst: flags.agentFirst ?? false });
    for (const line of adviceLines(adviseOn(observations), observations.redact)) io.out(line);
    return gotReply(observations) ? EXIT.ok : EXIT.failed;
  } finally {
    process.off('SIGINT', interrupt);
  }
}

/** Each piece of advice as a bullet; its further lines indented under it. */
function adviceLines(items: readonly string[], redact: (text: string) => string): string[] {
  const lines = ['', 'Advice:'];
  for (const item of items) {
    const [first = '', ...rest] = redact(item).split('\n');
    lines.push(`  • ${first}`, ...rest.map((line) => `    ${line}`));
  }
  return lines;
}
