/**
 * The framing layer (README "Frame formats"): between the socket and classification. Each layer turns one
 * inbound frame into zero or more pieces, and one outbound value into one frame.
 */

/** Drop classes a framing gives by itself, before any message is classified. */
export type FramingDropClass = 'binary' | 'invalidJson' | 'invalidFrame' | 'protocol';

/** What a layer makes of one inbound frame (or of one message of the layer outside it). */
export type Piece =
  /** A terminal layer: a JSON value to classify. A wrapping layer (sockjs): text for the next layer. */
  | { kind: 'message'; value: unknown }
  /** Counted in `dropped`, never classified. `raw`: what the probe shows; `detail`: why (invalidFrame). */
  | { kind: 'drop'; class: FramingDropClass; raw?: unknown; detail?: string }
  /** The framing's own handshake is done (SignalR's handshake response): the conversation may start. */
  | { kind: 'open' }
  /** The agent closed the session inside the framing (SockJS `c[…]`, a SignalR close record). */
  | { kind: 'close'; code: number; reason: string }
  /** The framing's handshake was refused (a SignalR handshake response with `error`). */
  | { kind: 'fail'; detail: string }
  /** Sent back at once, already encoded by this layer (a SignalR ping answered). */
  | { kind: 'send'; frame: string | Uint8Array };

/** One layer of a framing, made per conversation (SignalR keeps its handshake state). */
export interface Layer {
  /** Reads bytes (MessagePack, a codec): binary frames reach it as they came. @default false */
  readonly binary?: boolean;
  /** Wraps the next layer's text (SockJS) instead of reading values itself. @default false */
  readonly wraps?: boolean;
  /** Sent as soon as the socket opens; the conversation then waits for an `open` piece. */
  readonly hello?: string;
  decode(input: string | Uint8Array): Piece[];
  /** A value (a wrapping layer: the inner layer's frame) as one frame; throws when it cannot. */
  encode(value: unknown): string | Uint8Array;
}

/** An invalidFrame piece saying why. */
export const invalidFrame = (detail: string, raw?: unknown): Piece => ({ kind: 'drop', class: 'invalidFrame', detail, ...(raw === undefined ? {} : { raw }) });

/** A protocol piece (heartbeats, open frames, pings). */
export const protocol = (raw: unknown): Piece => ({ kind: 'drop', class: 'protocol', raw });

/** Text of a frame that may have come as bytes (`binaryFrames: text`). */
export function asText(input: string | Uint8Array): string {
  return typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
}

/** A short, printable quote of what a layer could not read. */
export function quote(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
