import { chat } from '../../chat/repl.js';
import { checkSaveFile } from '../../chat/save.js';
import type { ChatFlags } from '../flags/chat.js';
import { EXIT, usageError, type ExitCode } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { loadInputs } from '../load-inputs.js';

/** `parley chat`: exit 0 when the chat ends, 2 for bad usage, an invalid config or a --save file that is not a test set. */
export async function chatCommand(flags: ChatFlags, io: CliIO): Promise<ExitCode> {
  if (flags.caseId !== undefined && flags.save === undefined) throw usageError('parley chat: --case-id needs --save <file>');
  if (flags.caseId !== undefined && flags.caseId.trim() === '') throw usageError('parley chat: --case-id must not be empty');
  const { agent } = await loadInputs({ agent: flags.agent });
  if (flags.save !== undefined) {
    try {
      await checkSaveFile(flags.save);
    } catch (error) {
      throw usageError(error instanceof Error ? error.message : String(error));
    }
  }
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  if (!terminal) io.err('Reading messages from stdin, one per line.');
  await chat(agent, {
    input: process.stdin,
    output: process.stdout,
    terminal,
    ...(flags.save === undefined ? {} : { save: flags.save }),
    ...(flags.caseId === undefined ? {} : { caseId: flags.caseId }),
  });
  return EXIT.ok;
}
