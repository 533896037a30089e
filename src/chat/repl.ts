import { randomUUID } from 'node:crypto';
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { AgentTurn, Choice } from '../../machines/types.js';
import type { AgentConfig } from '../config/types.js';
import { connect, endedError, type Conversation } from '../engine/connect.js';
import { conversationRedactor } from '../engine/secrets.js';
import { findChoice } from '../engine/clicks.js';
import { thrownErrorInfo } from '../errors.js';
import { compileStepMatcher } from '../handshake-steps.js';
import { ProbePrinter } from '../probe/printer.js';
import { engineNow, FrameRecorder } from '../probe/recorder.js';
import { formatAgentTurn, numberedChoices } from './print.js';
import { appendCase, caseFromTranscript } from './save.js';

/** Where the chat reads and writes, and what `/save` does. */
export interface ChatOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A terminal: prompt, line editing and history. Else lines are read as they come, in order. */
  terminal: boolean;
  /** `--save`: the test set `/save` appends to. */
  save?: string;
  caseId?: string;
}

export const COMMANDS = '/click N or /click Title, /frames, /save, /reconnect, /quit';
const HISTORY_SIZE = 500;

/** One chat: the conversation of the moment (null while not connected) and what is printed. */
class ChatSession {
  conversation: Conversation | null = null;
  /** The latest conversation, ended or not: /save keeps what was said before the agent closed it. */
  latest: Conversation | null = null;
  showFrames = false;
  /** Set while a terminal shows the prompt: output then goes above it, and the prompt is redrawn. */
  prompt: Interface | null = null;
  readonly #write: (line: string) => void;

  constructor(
    readonly config: AgentConfig,
    readonly options: ChatOptions,
  ) {
    this.#write = (line) => void options.output.write(`${line}\n`);
  }

  say(line: string): void {
    const prompt = this.prompt;
    if (!prompt) return this.#write(line);
    clearLine(this.options.output, 0);
    cursorTo(this.options.output, 0);
    this.#write(line);
    prompt.prompt(true);
  }

  /** Connects anew; a failure is printed with run's message, and /reconnect offered. */
  async open(): Promise<void> {
    const simulationId = randomUUID();
    const redactor = conversationRedactor(this.config, { env: this.config.env, simulationId, caseId: 'chat' });
    const redact = (text: string) => redactor.redact(text);
    const printer = new ProbePrinter((line) => this.showFrames && this.say(line), redact, engineNow());
    const recorder = new FrameRecorder(Boolean(this.config.handshake.readyType), redact, (frame) => printer.frame(frame), compileStepMatcher(this.config.handshake.steps));
    this.say(`Connecting to ${this.config.name ?? 'the agent'}…`);
    // Set once connect() returns; an opening turn may be delivered before that.
    let current: Conversation | undefined;
    const onAgentTurn = (turn: AgentTurn) => this.#printTurn(turn, redact, current);
    try {
      const conversation = await connect(this.config, { simulationId, caseId: 'chat', redactor, onFrame: recorder.onFrame, onAgentTurn });
      current = conversation;
      recorder.handshakeDone();
      this.conversation = conversation;
      this.latest = conversation;
      this.say(`Connected. Type a message, or ${COMMANDS}.`);
      void conversation.done.then((output) => {
        if (this.conversation !== conversation || output.closedBy === 'client') return;
        this.conversation = null;
        this.#failed(endedError(output));
      });
    } catch (error) {
      this.#failed(error);
    }
  }

  #printTurn(turn: AgentTurn, redact: (text: string) => string, conversation: Conversation | undefined): void {
    const opening = turn.replyTo === null && !(conversation?.transcript ?? []).some((entry) => entry.role === 'user');
    for (const line of formatAgentTurn(turn, redact, this.config.responseTimeoutSeconds, opening)) this.say(line);
  }

  #failed(error: unknown): void {
    const info = thrownErrorInfo(error);
    this.say(`[${info.code}] ${info.message}`);
    this.say('Type /reconnect to start a new conversation, or /quit.');
  }

  async close(): Promise<void> {
    const conversation = this.conversation;
    this.conversation = null;
    await conversation?.close();
  }

  /** Sends a message or a click and waits for its reply (printed as it is delivered). */
  async send(text: string, click?: Choice): Promise<void> {
    const conversation = this.conversation;
    if (!conversation) return this.say('Not connected: type /reconnect to start a new conversation.');
    try {
      await (click ? conversation.click(click) : conversation.send(text));
    } catch {
      // The conversation ended: `done` above prints why.
      await conversation.done;
    }
  }

  /** The choices of the last agent turn, for /click. */
  lastChoices(): Choice[] {
    const last = this.conversation?.transcript.findLast((turn): turn is AgentTurn => turn.role === 'agent');
    return last?.choices ?? [];
  }
}

/** `/click 2` or `/click Store credit` (or `/click /credit/`): the choice, or why not. */
function pickForClick(offered: readonly Choice[], argument: string): Choice | string {
  if (offered.length === 0) return 'The last agent turn offered no choices.';
  if (argument === '') return `Which one? ${numberedChoices(offered)}`;
  if (/^\d+$/.test(argument)) {
    const index = Number(argument);
    return offered[index - 1] ?? `There ${offered.length === 1 ? 'is 1 choice' : `are ${offered.length} choices`}: pick 1–${offered.length} (${numberedChoices(offered)}).`;
  }
  const lower = argument.toLowerCase();
  return findChoice(offered, argument) ?? offered.find((choice) => choice.title.toLowerCase() === lower) ?? `No choice "${argument}". Choices: ${numberedChoices(offered)}`;
}

/** Handles one line; resolves false when the chat should end. */
async function handleLine(chat: ChatSession, line: string): Promise<boolean> {
  const text = line.trim();
  if (text === '') return true;
  if (!text.startsWith('/')) {
    await chat.send(line);
    return true;
  }
  const [command = '', ...rest] = text.split(/\s+/);
  const argument = rest.join(' ');
  switch (command) {
    case '/quit':
    case '/exit':
      return false;
    case '/click': {
      const picked = pickForClick(chat.lastChoices(), argument);
      if (typeof picked === 'string') chat.say(picked);
      else await chat.send(picked.title, picked);
      return true;
    }
    case '/frames':
      chat.showFrames = !chat.showFrames;
      chat.say(`Frames ${chat.showFrames ? 'on: every frame is shown with its class' : 'off'}.`);
      return true;
    case '/save':
      save(chat);
      return true;
    case '/reconnect':
      await chat.close();
      await chat.open();
      return true;
    case '/help':
      chat.say(`Commands: ${COMMANDS}.`);
      return true;
    default:
      chat.say(`Unknown command ${command}. Commands: ${COMMANDS}.`);
      return true;
  }
}

function save(chat: ChatSession): void {
  const { save: file, caseId } = chat.options;
  if (!file) return chat.say('Nothing to save to: start parley chat with --save tests.yaml.');
  const transcript = chat.latest?.transcript ?? [];
  if (!transcript.some((turn) => turn.role === 'user')) return chat.say('Nothing to save yet: send a message first.');
  try {
    const id = appendCase(file, caseId, (free) => caseFromTranscript(free, transcript));
    chat.say(`Saved case ${id} to ${file}.`);
  } catch (error) {
    chat.say(`Not saved: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * `parley chat` (README "Chatting by hand"): a conversation by hand over the configured connection. Lines are
 * handled one at a time, each after the previous reply was delivered, so a script may write them
 * all at once. Resolves when the user quits or the input ends.
 */
export async function chat(config: AgentConfig, options: ChatOptions): Promise<void> {
  const session = new ChatSession(config, options);
  const rl: Interface = createInterface({ input: options.input, output: options.output, terminal: options.terminal, historySize: HISTORY_SIZE, prompt: 'you> ' });
  // Ctrl-C at the prompt ends the chat like /quit (readline would otherwise just pause).
  rl.on('SIGINT', () => rl.close());
  // Taken before connecting: lines a script wrote meanwhile wait in it instead of being lost.
  const lines = rl[Symbol.asyncIterator]();
  try {
    await session.open();
    const showPrompt = () => {
      rl.prompt();
      session.prompt = rl;
    };
    if (options.terminal) showPrompt();
    for await (const line of { [Symbol.asyncIterator]: () => lines }) {
      // A terminal shows what was typed; a script's lines are echoed so the output reads as a dialogue.
      session.prompt = null;
      if (!options.terminal && line.trim() !== '') session.say(`you> ${line}`);
      if (!(await handleLine(session, line))) break;
      if (options.terminal) showPrompt();
    }
  } finally {
    session.prompt = null;
    rl.close();
    await session.close();
    session.say('Bye.');
  }
}
