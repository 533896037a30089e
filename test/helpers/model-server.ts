/**
 * A chat-completions server for tests (HTTP on 127.0.0.1, port 0) that plays a scripted simulated
 * user and scripted judge verdicts, and records every request so tests can assert what Parley sent
 * (role flip, temperature, criteria, the Bearer key). Modes make it fail the ways real servers do.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
    temperature?: number;
    seed?: number;
    response_format?: unknown;
    [key: string]: unknown;
  };
  /** Whether it was a judge request (its system prompt is the evaluator's). */
  judge: boolean;
}

export type ModelMode =
  | 'ok'
  /** Every request: HTTP 500. */
  | 'error500'
  /** Requests with response_format: HTTP 400 (as servers that do not know it answer). */
  | 'rejectFormat'
  /** Every answer is text that is not what was asked for (and, for the user model, empty). */
  | 'garbage'
  /** Never answers within a test's timeout. */
  | 'slow';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface ModelServerOptions {
  /** The simulated user's answers in order; when they run out it answers the stop marker. */
  user?: string[];
  /** The judge's verdict per criterion (by its text), default pass; or the raw answer text. */
  judge?: Record<string, Verdict> | string;
  mode?: ModelMode;
  /** Answers that come out wrong first: the first N answers are garbage, then `mode` applies. */
  garbageFirst?: number;
}

export interface ModelServer {
  /** `http://127.0.0.1:<port>/v1`, for `llm.baseUrl`. */
  baseUrl: string;
  requests: RecordedRequest[];
  userRequests(): RecordedRequest[];
  judgeRequests(): RecordedRequest[];
  close(): Promise<void>;
}

const completion = (content: string) => ({
  id: 'chatcmpl-test',
  object: 'chat.completion',
  created: 0,
  model: 'test-model',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
});

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The criteria as the judge prompt numbers them (`1. Asks for …`). */
function criteriaOf(request: RecordedRequest): string[] {
  const text = request.body.messages.find((m) => m.role === 'user')?.content ?? '';
  const block = /Criteria:\n([\s\S]*?)\n\nTranscript:/.exec(text)?.[1] ?? '';
  return block.split('\n').map((line) => line.replace(/^\d+\.\s*/, ''));
}

export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const userAnswers = [...(options.user ?? [])];
  let garbageLeft = options.garbageFirst ?? 0;
  const hanging = new Set<ServerResponse>();

  const answer = (request: RecordedRequest): string => {
    if (!request.judge) return userAnswers.shift() ?? '###STOP###';
    if (typeof options.judge === 'string') return options.judge;
    const verdicts = options.judge ?? {};
    const criteria = criteriaOf(request).map((criterion) => ({
      criterion,
      verdict: verdicts[criterion] ?? 'pass',
      reasoning: `Scripted verdict for "${criterion}".`,
    }));
    return JSON.stringify({ criteria });
  };

  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const body = JSON.parse(text) as RecordedRequest['body'];
      const system = body.messages?.[0]?.content ?? '';
      const request: RecordedRequest = { path: req.url ?? '', authorization: req.headers.authorization, body, judge: system.includes('strict evaluator') };
      requests.push(request);
      const mode = options.mode ?? 'ok';
      if (req.url !== '/v1/chat/completions') return send(res, 404, { error: { message: 'not found' } });
      if (mode === 'slow') {
        hanging.add(res);
        return;
      }
      if (mode === 'error500') return send(res, 500, { error: { message: 'the model fell over' } });
      if (mode === 'rejectFormat' && body.response_format !== undefined) {
        return send(res, 400, { error: { message: 'response_format is not supported' } });
      }
      if (mode === 'garbage' || garbageLeft > 0) {
        garbageLeft--;
        return send(res, 200, completion(request.judge ? 'I think it went fine overall.' : ''));
      }
      send(res, 200, completion(answer(request)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    userRequests: () => requests.filter((r) => !r.judge),
    judgeRequests: () => requests.filter((r) => r.judge),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A base URL nothing listens on: a server started and closed again. */
export async function unreachableBaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}
