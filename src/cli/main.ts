#!/usr/bin/env node
/** The `parley` executable (package.json `bin`). */
import { EXIT } from './exit-codes.js';
import { flushAndExit, processIO } from './io.js';
import { main } from './program.js';
import { describeThrown } from '../errors.js';

const io = processIO();

/** The last guard: whatever escapes is one line for the user, never a stack trace. */
function crash(error: unknown): void {
  const message = describeThrown(error);
  io.err(`parley: unexpected error: ${message.split('\n')[0]}`);
  flushAndExit(EXIT.failed);
}

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
main(process.argv.slice(2), io).then(flushAndExit, crash);
