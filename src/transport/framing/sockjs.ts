import { parseJson } from '../../json.js';
import { invalidFrame, protocol, quote, asText, type Layer, type Piece } from './types.js';

/**
 * `sockjs`: SockJS session frames over its websocket transport. `o` and `h` are protocol frames,
 * `a[…]` carries messages for the next layer, `c[code,"reason"]` is the agent closing. What
 * Parley sends is `["<the next layer's text>"]`.
 */
export function sockjsLayer(): Layer {
  return {
    wraps: true,
    decode(input) {
      const text = asText(input);
      const kind = text[0];
      if ((kind === 'o' || kind === 'h') && text.length === 1) return [protocol(text)];
      if (kind === 'a') return messages(text);
      if (kind === 'c') return closing(text);
      return [invalidFrame(`not a SockJS frame (o, h, a[…] or c[…]): ${quote(text)}`)];
    },
    encode(inner) {
      if (typeof inner !== 'string') throw new Error('SockJS carries text only, not a binary frame');
      return JSON.stringify([inner]);
    },
  };
}

function messages(text: string): Piece[] {
  const list = parseJson(text.slice(1));
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    return [invalidFrame(`a SockJS a[…] frame that is not a JSON list of strings: ${quote(text)}`)];
  }
  return list.map((value) => ({ kind: 'message', value }));
}

function closing(text: string): Piece[] {
  const close = parseJson(text.slice(1));
  // Some servers write the code as a string of digits (sockjs-node passes on what it was given).
  const code = Array.isArray(close) && /^\d+$/.test(String(close[0])) ? Number(close[0]) : NaN;
  if (!Array.isArray(close) || Number.isNaN(code) || typeof close[1] !== 'string') {
    return [invalidFrame(`a SockJS c[…] frame that is not [code, "reason"]: ${quote(text)}`)];
  }
  return [{ kind: 'close', code, reason: close[1] }];
}
