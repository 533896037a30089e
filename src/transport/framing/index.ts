import { codecLayer, importedCodec } from './codec.js';
import { jsonLayer } from './json.js';
import { msgpackLayer } from './msgpack.js';
import { signalrLayer } from './signalr.js';
import { sockjsLayer } from './sockjs.js';
import { stompLayer } from './stomp.js';
import type { Layer, Piece } from './types.js';
import type { FramingName } from './names.js';

export type { Piece } from './types.js';
export * from './names.js';
export { loadCodec, type CodecModule } from './codec.js';

/** What the socket actor needs to know of the framing; the engine's plan builds it from the config. */
export interface FramingPlan {
  /** The layers, outermost first, ending with one that reads values (`sockjs` alone is `[sockjs, json]`). @default ['json'] */
  layers: readonly FramingName[];
  /** What a binary frame is when the first layer reads text. @default 'drop' */
  binaryFrames: 'drop' | 'text';
  /** `connection.codec`: the user's module (an absolute path), instead of `layers`. */
  codec?: string;
}

/** The framing a validated `connection` asks for. */
export function framingPlan(connection: { framing: readonly FramingName[]; binaryFrames: 'drop' | 'text'; codec?: string }): FramingPlan {
  return connection.codec === undefined
    ? { layers: connection.framing, binaryFrames: connection.binaryFrames }
    : { layers: [], binaryFrames: connection.binaryFrames, codec: connection.codec };
}

/** One conversation's framing: stateful (SignalR's handshake), so made per conversation. */
export interface Framing {
  /** Sent when the socket opens; the conversation then starts only on an `open` piece. */
  hello: string | Uint8Array | null;
  /** One inbound frame into pieces; every `message` piece holds a value for classification. */
  read(data: string | Buffer, isBinary: boolean): Piece[];
  /** One outbound frame, given as the JSON text the engine rendered. @throws Error when it cannot be encoded */
  write(json: string): string | Uint8Array;
}

const BINARY: Piece = { kind: 'drop', class: 'binary' };

const MAKERS: Record<FramingName, () => Layer> = {
  json: jsonLayer,
  sockjs: sockjsLayer,
  signalr: signalrLayer,
  stomp: stompLayer,
  msgpack: msgpackLayer,
};

/** Creates one conversation's framing. */
export function createFraming(plan: FramingPlan): Framing {
  const layers = plan.codec === undefined ? plan.layers.map((name) => MAKERS[name]()) : [codecLayer(importedCodec(plan.codec))];
  const last = layers.length - 1;
  const passesJson = plan.codec === undefined && plan.layers[last] === 'json';
  const outward = (from: number, frame: string | Uint8Array): string | Uint8Array => {
    for (let i = from - 1; i >= 0; i--) frame = layers[i]!.encode(frame);
    return frame;
  };
  const readAt = (index: number, input: string | Uint8Array): Piece[] => {
    const layer = layers[index]!;
    const pieces = layer.decode(input);
    if (!layer.wraps && !pieces.some((piece) => piece.kind === 'send')) return pieces;
    return pieces.flatMap((piece): Piece[] => {
      if (piece.kind === 'send') return [{ kind: 'send', frame: outward(index, piece.frame) }];
      if (piece.kind === 'message' && layer.wraps) return readAt(index + 1, piece.value as string);
      return [piece];
    });
  };
  const helloAt = layers.findIndex((layer) => layer.hello !== undefined);
  return {
    hello: helloAt < 0 ? null : outward(helloAt, layers[helloAt]!.hello!),
    read(data, isBinary) {
      if (!isBinary) return readAt(0, data.toString('utf8'));
      if (layers[0]!.binary) return readAt(0, typeof data === 'string' ? Buffer.from(data) : data);
      return plan.binaryFrames === 'text' ? readAt(0, data.toString('utf8')) : [BINARY];
    },
    // The engine renders JSON text; the json layer sends it as it is, the others encode its value.
    write: (json) => outward(last, passesJson ? json : layers[last]!.encode(JSON.parse(json) as unknown)),
  };
}
