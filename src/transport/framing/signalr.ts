import { isRecord } from '../../records.js';
import { invalidFrame, protocol, quote, asText, type Layer, type Piece } from './types.js';

/** Ends every record of the JSON hub protocol. */
export const RECORD_SEPARATOR = '\u001e';
const HANDSHAKE_REQUEST = `${JSON.stringify({ protocol: 'json', version: 1 })}${RECORD_SEPARATOR}`;
const PING = 6;
const CLOSE = 7;
/** A close record says nothing of a WebSocket code: it is a normal end of the session. */
const CLOSE_CODE = 1000;

/**
 * `signalr`: ASP.NET Core SignalR's JSON hub protocol. Parley sends the handshake request when the
 * socket opens; the first record back is the handshake response, which opens the conversation or
 * refuses it. After it, pings are answered and a close record ends the conversation.
 */
export function signalrLayer(): Layer {
  let handshaken = false;
  const read = (record: string): Piece[] => {
    let value: unknown;
    try {
      value = JSON.parse(record) as unknown;
    } catch {
      return [invalidFrame(`a SignalR record that is not JSON: ${quote(record)}`)];
    }
    if (!handshaken) {
      handshaken = true;
      if (isRecord(value) && value.error !== undefined) return [{ kind: 'fail', detail: `SignalR handshake refused: ${String(value.error)}` }];
      // Open first: the conversation counts the response only once it knows the socket is open.
      return [{ kind: 'open' }, protocol(value)];
    }
    if (!isRecord(value)) return [{ kind: 'message', value }];
    if (value.type === PING) return [protocol(value), { kind: 'send', frame: `${JSON.stringify({ type: PING })}${RECORD_SEPARATOR}` }];
    if (value.type === CLOSE) {
      const reason = typeof value.error === 'string' && value.error !== '' ? `SignalR close: ${value.error}` : 'SignalR close';
      return [{ kind: 'close', code: CLOSE_CODE, reason }];
    }
    return [{ kind: 'message', value }];
  };
  return {
    hello: HANDSHAKE_REQUEST,
    decode(input) {
      const records = asText(input).split(RECORD_SEPARATOR);
      const rest = records.pop()!;
      const pieces = records.flatMap(read);
      if (rest.trim() !== '') pieces.push(invalidFrame(`a SignalR record without its 0x1E terminator: ${quote(rest)}`));
      return pieces;
    },
    encode: (value) => `${JSON.stringify(value)}${RECORD_SEPARATOR}`,
  };
}
