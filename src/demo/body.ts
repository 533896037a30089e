import type { IncomingMessage } from 'node:http';

/** Larger bodies are refused: the demo API takes a handful of small fields. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A read request body: its JSON value, or why it was refused and the status to answer. */
export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; error: string };

/** Reads an optional JSON body: empty is `undefined`, not JSON is a 400, too large a 413. */
export function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', () => resolve({ ok: false, status: 400, error: 'unreadable body' }));
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return resolve({ ok: false, status: 413, error: 'body too large' });
      resolve(parseBody(Buffer.concat(chunks).toString('utf8')));
    });
  });
}

function parseBody(text: string): BodyResult {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, error: 'body is not valid JSON' };
  }
}
