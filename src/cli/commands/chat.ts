import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { ChatFlags } from '../flags/chat.js';
import type { CliIO } from '../io.js';

/** Adds `parley chat` (README "Chatting by hand"). */
export function registerChat(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command('chat')
    .description('talk to the agent by hand over the configured connection; /save keeps the conversation as a test case')
    .requiredOption('--agent <file>', 'agent config (.yaml, .yml or .json)')
    .option('--save <file>', 'test set that /save appends the conversation to (created when missing)')
    .option('--case-id <id>', 'id of the saved case (default chat-<n>, the first free n)')
    .addHelpText(
      'after',
      '\nIn the chat: type a message, or /click N (or /click Title), /frames, /save, /reconnect, /quit (or Ctrl-D).\n' +
        'Not a terminal: one message or command per line from stdin, each after the previous reply.\n' +
        'Exit codes: 0 the chat ended, 2 bad usage or an invalid file.',
    )
    .action(async (flags: ChatFlags) => {
      const { chatCommand } = await import('../actions/chat.js');
      done(await chatCommand(flags, io));
    });
}
