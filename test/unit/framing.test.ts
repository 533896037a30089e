/**
 * src/transport/framing: each layer of README "Frame formats", inbound and outbound, as pure functions of
 * frames (the socket and the classifier are covered in test/integration/framing.test.ts).
 */
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFraming, loadCodec, type Piece } from '../../src/transport/framing/index.js';
import { ConfigError } from '../../src/errors.js';

const framing = (...layers: Array<'json' | 'sockjs' | 'signalr' | 'stomp' | 'msgpack'>) => createFraming({ layers, binaryFrames: 'drop' });
const text = (data: string) => Buffer.from(data, 'utf8');
const values = (pieces: Piece[]) => pieces.map((piece) => (piece.kind === 'message' ? piece.value : piece));
const RS = '\u001e';

describe('json', () => {
  it('reads a text frame as one value and sends the rendered JSON as it is', () => {
    const json = framing('json');
    expect(values(json.read(text('{"type":"message","text":"hi"}'), false))).toEqual([{ type: 'message', text: 'hi' }]);
    expect(json.read(text('{"type":'), false)).toEqual([{ kind: 'drop', class: 'invalidJson' }]);
    expect(json.write('{"a":1}')).toBe('{"a":1}');
    expect(json.hello).toBeNull();
  });

  it('drops a binary frame as binary, or reads it as UTF-8 text with binaryFrames: text', () => {
    const bytes = text('{"text":"é"}');
    expect(framing('json').read(bytes, true)).toEqual([{ kind: 'drop', class: 'binary' }]);
    expect(values(createFraming({ layers: ['json'], binaryFrames: 'text' }).read(bytes, true))).toEqual([{ text: 'é' }]);
  });
});

describe('sockjs', () => {
  const sockjs = framing('sockjs', 'json');
  it('o and h are protocol frames; each string of a[…] is one message for the next layer', () => {
    expect(sockjs.read(text('o'), false)).toEqual([{ kind: 'drop', class: 'protocol', raw: 'o' }]);
    expect(sockjs.read(text('h'), false)).toEqual([{ kind: 'drop', class: 'protocol', raw: 'h' }]);
    expect(values(sockjs.read(text(`a${JSON.stringify(['{"text":"a"}', '{"text":"b"}', 'nope'])}`), false))).toEqual([
      { text: 'a' },
      { text: 'b' },
      { kind: 'drop', class: 'invalidJson' },
    ]);
  });

  it('c[code,"reason"] is the agent closing; anything else is invalidFrame', () => {
    expect(sockjs.read(text('c[3000,"Go away!"]'), false)).toEqual([{ kind: 'close', code: 3000, reason: 'Go away!' }]);
    for (const bad of ['x', 'a{"text":1}', 'a[1,2]', 'c[1]', '']) {
      expect(sockjs.read(text(bad), false)).toMatchObject([{ kind: 'drop', class: 'invalidFrame' }]);
    }
  });

  it('sends the next layer\'s text inside a JSON list', () => {
    expect(sockjs.write('{"text":"hi"}')).toBe('["{\\"text\\":\\"hi\\"}"]');
  });
});

describe('signalr', () => {
  it('sends the handshake request, opens on {} and reads every record of a frame', () => {
    const signalr = framing('signalr');
    expect(signalr.hello).toBe(`{"protocol":"json","version":1}${RS}`);
    const invocation = { type: 1, target: 'ReceiveMessage', arguments: ['bot', 'hi'] };
    expect(signalr.read(text(`{}${RS}${JSON.stringify(invocation)}${RS}`), false)).toEqual([
      { kind: 'open' },
      { kind: 'drop', class: 'protocol', raw: {} },
      { kind: 'message', value: invocation },
    ]);
  });

  it('answers a ping with a ping, ends on a close record quoting its error', () => {
    const signalr = framing('signalr');
    signalr.read(text(`{}${RS}`), false);
    expect(signalr.read(text(`{"type":6}${RS}`), false)).toEqual([
      { kind: 'drop', class: 'protocol', raw: { type: 6 } },
      { kind: 'send', frame: `{"type":6}${RS}` },
    ]);
    expect(signalr.read(text(`{"type":7,"error":"Server is shutting down"}${RS}`), false)).toEqual([
      { kind: 'close', code: 1000, reason: 'SignalR close: Server is shutting down' },
    ]);
  });

  it('a handshake response with an error fails; a record without 0x1E or not JSON is invalidFrame', () => {
    expect(framing('signalr').read(text(`{"error":"Requested protocol 'json' is not available."}${RS}`), false)).toEqual([
      { kind: 'fail', detail: "SignalR handshake refused: Requested protocol 'json' is not available." },
    ]);
    const signalr = framing('signalr');
    signalr.read(text(`{}${RS}`), false);
    expect(signalr.read(text('{"type":1}'), false)).toMatchObject([{ kind: 'drop', class: 'invalidFrame', detail: expect.stringContaining('0x1E') }]);
    expect(signalr.read(text(`nope${RS}`), false)).toMatchObject([{ kind: 'drop', class: 'invalidFrame' }]);
  });

  it('sends each value as its JSON and 0x1E', () => {
    expect(framing('signalr').write('{"type":1,"target":"Send","arguments":["hi"]}')).toBe(`{"type":1,"target":"Send","arguments":["hi"]}${RS}`);
  });
});

describe('stomp', () => {
  const stomp = framing('stomp');
  it('reads a frame as {command, headers, body}, the body as JSON when it is JSON, headers unescaped', () => {
    const frame = 'MESSAGE\ndestination:/topic/a\\cb\nsubscription:0\nsubscription:1\ncontent-type:application/json\n\n{"text":"hi"}\0';
    expect(values(stomp.read(text(frame), false))).toEqual([
      { command: 'MESSAGE', headers: { destination: '/topic/a:b', subscription: '0', 'content-type': 'application/json' }, body: { text: 'hi' } },
    ]);
    expect(values(stomp.read(text('MESSAGE\r\ncontent-type:text/plain\r\n\r\n42\0\n'), false))).toEqual([
      { command: 'MESSAGE', headers: { 'content-type': 'text/plain' }, body: '42' },
    ]);
    expect(values(stomp.read(text('CONNECTED\nversion:1.2\n\n\0'), false))).toEqual([{ command: 'CONNECTED', headers: { version: '1.2' }, body: '' }]);
  });

  it('honours content-length (a body holding NUL), reads several frames of one message, and heart-beats are protocol', () => {
    const body = 'a\0b';
    const frame = `MESSAGE\ncontent-length:${Buffer.byteLength(body)}\n\n${body}\0\nRECEIPT\nreceipt-id:7\n\n\0`;
    expect(values(stomp.read(text(frame), false))).toEqual([
      { command: 'MESSAGE', headers: { 'content-length': '3' }, body },
      { command: 'RECEIPT', headers: { 'receipt-id': '7' }, body: '' },
    ]);
    expect(stomp.read(text('\n'), false)).toEqual([{ kind: 'drop', class: 'protocol', raw: '\n' }]);
    expect(stomp.read(text('\r\n'), false)).toMatchObject([{ class: 'protocol' }]);
  });

  it('a frame without NUL, a bad header or escape, a wrong content-length is invalidFrame', () => {
    for (const bad of ['MESSAGE\n\n{"a":1}', 'MESSAGE\nnocolon\n\n\0', 'MESSAGE\nx:a\\tb\n\n\0', 'MESSAGE\ncontent-length:5\n\nab\0', 'hello\n\n\0', 'MESSAGE']) {
      expect(stomp.read(text(bad), false), bad).toMatchObject([{ kind: 'drop', class: 'invalidFrame', detail: expect.any(String) }]);
    }
  });

  it('keeps the frames before one it cannot read in the same message', () => {
    expect(values(stomp.read(text('RECEIPT\nreceipt-id:1\n\n\0MESSAGE\n\n{"cut":'), false))).toMatchObject([
      { command: 'RECEIPT', headers: { 'receipt-id': '1' }, body: '' },
      { kind: 'drop', class: 'invalidFrame', detail: expect.stringContaining('without the NUL') },
    ]);
  });

  it('writes a frame: a string body as it is, another as JSON with content-type, content-length, escaped headers', () => {
    expect(stomp.write(JSON.stringify({ command: 'SEND', headers: { destination: '/app/a:b' }, body: 'héllo' }))).toBe('SEND\ndestination:/app/a\\cb\ncontent-length:6\n\nhéllo\0');
    expect(stomp.write(JSON.stringify({ command: 'SEND', headers: { destination: '/app/chat', 'content-length': 99 }, body: { text: 'hi' } }))).toBe(
      'SEND\ndestination:/app/chat\ncontent-type:application/json\ncontent-length:13\n\n{"text":"hi"}\0',
    );
    // CONNECT's header values are not escaped (STOMP 1.2).
    expect(stomp.write(JSON.stringify({ command: 'CONNECT', headers: { 'accept-version': '1.2', host: 'a:b' } }))).toBe(
      'CONNECT\naccept-version:1.2\nhost:a:b\ncontent-length:0\n\n\0',
    );
    expect(() => stomp.write('{"type":"message","text":"hi"}')).toThrow(/STOMP/);
  });

  it('inside SockJS: a[…] strings are STOMP frames, and frames go out in a list', () => {
    const both = framing('sockjs', 'stomp');
    expect(values(both.read(text(`a${JSON.stringify(['MESSAGE\n\n{"text":"hi"}\0'])}`), false))).toEqual([{ command: 'MESSAGE', headers: {}, body: { text: 'hi' } }]);
    expect(both.write('{"command":"SEND","body":"x"}')).toBe(JSON.stringify(['SEND\ncontent-length:1\n\nx\0']));
  });
});

describe('msgpack', () => {
  const msgpack = framing('msgpack');
  it('reads a binary frame as one value and sends binary MessagePack', () => {
    expect(values(msgpack.read(Buffer.from(msgpackEncode({ type: 'message', text: 'hi' })), true))).toEqual([{ type: 'message', text: 'hi' }]);
    const sent = msgpack.write('{"type":"message","text":"hi"}');
    expect(sent).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(sent)).toEqual(Buffer.from(msgpackEncode({ type: 'message', text: 'hi' })));
  });

  it('a text frame, or bytes that are not MessagePack, is invalidFrame', () => {
    expect(msgpack.read(text('{"a":1}'), false)).toMatchObject([{ class: 'invalidFrame', detail: expect.stringContaining('text frame') }]);
    expect(msgpack.read(Buffer.from([0xc1]), true)).toMatchObject([{ class: 'invalidFrame', detail: expect.stringContaining('not MessagePack') }]);
  });
});

describe('codec', () => {
  const file = resolve('test/fixtures/codecs/lines.mjs');
  it('runs the module: decode gives the messages, encode the frame; a decode that throws is invalidFrame', async () => {
    await loadCodec(file);
    const codec = createFraming({ layers: [], binaryFrames: 'drop', codec: file });
    expect(values(codec.read(text('message|hi\ntyping|'), false))).toEqual([{ type: 'message', text: 'hi' }, { type: 'typing', text: '' }]);
    expect(values(codec.read(text('message|bytes'), true))).toEqual([{ type: 'message', text: 'bytes' }]);
    expect(codec.read(text('garbage'), false)).toMatchObject([{ class: 'invalidFrame', detail: expect.stringContaining('no "|"') }]);
    expect(codec.write('{"type":"message","text":"hi"}')).toBe('message|hi');
    expect(() => codec.write('{"type":"message","text":"refuse to encode"}')).toThrow('refuses');
  });

  it('a module without encode, or no module at all, is a config error naming the file', async () => {
    await expect(loadCodec(resolve('test/fixtures/codecs/no-encode.mjs'))).rejects.toThrow(/connection\.codec: must export functions decode and encode \(missing encode\)/);
    await expect(loadCodec(resolve('test/fixtures/codecs/missing.mjs'))).rejects.toBeInstanceOf(ConfigError);
    await expect(loadCodec(resolve('test/fixtures/codecs/missing.mjs'))).rejects.toThrow(/file not found: .*missing\.mjs/);
  });
});
