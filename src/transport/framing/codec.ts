import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../../errors.js';
import { invalidFrame, type Layer } from './types.js';

/** A user's codec module (README "Frame formats"): the whole framing, in the user's own code. */
export interface CodecModule {
  /** One inbound frame into zero or more messages (JSON values). */
  decode(frame: string | Uint8Array): unknown[];
  /** One outbound value into one frame: a string goes as a text frame, bytes as a binary frame. */
  encode(value: unknown): string | Uint8Array;
}

const loading = new Map<string, Promise<CodecModule>>();
const loaded = new Map<string, CodecModule>();

/**
 * Imports `connection.codec` (an absolute path) once per process.
 * @throws ConfigError naming the file when it cannot be imported or lacks `decode` or `encode`.
 */
export function loadCodec(file: string): Promise<CodecModule> {
  let codec = loading.get(file);
  if (!codec) {
    codec = importCodec(file);
    loading.set(file, codec);
    codec.then(
      (module) => loaded.set(file, module),
      // A file fixed after a failed load (a long-lived library user) is read again next time.
      () => loading.delete(file),
    );
  }
  return codec;
}

async function importCodec(file: string): Promise<CodecModule> {
  const fail = (problem: string): never => {
    throw new ConfigError([{ path: 'connection.codec', message: `${problem}: ${file}` }]);
  };
  // Checked first: a module the codec itself imports can be missing too, with the same error code.
  if (!existsSync(file)) return fail('file not found');
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    return fail(`cannot import it (${error instanceof Error ? error.message : String(error)})`);
  }
  const missing = ['decode', 'encode'].filter((name) => typeof module[name] !== 'function');
  if (missing.length > 0) return fail(`must export functions decode and encode (missing ${missing.join(' and ')})`);
  return module as unknown as CodecModule;
}

/**
 * The codec imported for `file`, for a conversation starting now: every entry that starts
 * conversations awaits `loadTransport`, which imports it first.
 * @throws Error when it was not imported first (a bug of ours).
 */
export function importedCodec(file: string): CodecModule {
  const codec = loaded.get(file);
  if (!codec) throw new Error(`the codec ${file} was not loaded before the conversation started`);
  return codec;
}

/**
 * The user's codec as the only layer: `decode` gets frames as they came (text as a string, binary
 * as bytes); a decode that throws or returns no list makes the frame `invalidFrame`.
 */
export function codecLayer(codec: CodecModule): Layer {
  return {
    binary: true,
    decode(input) {
      let messages: unknown;
      try {
        messages = codec.decode(input);
      } catch (error) {
        return [invalidFrame(`the codec's decode threw: ${error instanceof Error ? error.message : String(error)}`)];
      }
      if (!Array.isArray(messages)) return [invalidFrame(`the codec's decode returned ${typeof messages}, not a list of messages`)];
      return messages.map((value) => ({ kind: 'message', value }));
    },
    encode(value) {
      const frame = codec.encode(value);
      if (typeof frame !== 'string' && !(frame instanceof Uint8Array)) throw new Error(`the codec's encode returned ${typeof frame}, not a string or bytes`);
      return frame;
    },
  };
}
