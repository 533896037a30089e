import type OpenAI from 'openai';
import type { APIError } from 'openai';
import type { LlmConfig } from '../config/types.js';
import { Redactor } from '../redact.js';
import { CacheMiss, llmFailed, ModelHttpError } from './errors.js';
import { requestHash, type ModelCache } from './cache.js';
import { describeThrown } from '../errors.js';

/** What the prompts need of the `llm` block: no URL, no key. */
export type ModelSettings = Pick<LlmConfig, 'model' | 'temperature' | 'seed'>;

/** The settings of an `llm` block, safe to keep in machine input (and so in traces). */
export function modelSettings(llm: LlmConfig): ModelSettings {
  return { model: llm.model, temperature: llm.temperature, ...(llm.seed === undefined ? {} : { seed: llm.seed }) };
}

/** One chat-completions request body (README "Simulated users and judges": no tools). */
export interface ChatRequest {
  model: string;
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  temperature: number;
  seed?: number;
  response_format?: { type: 'json_object' };
}

/**
 * Sends a request and returns the first choice's text once `accept` takes it (returns without
 * throwing); an answer it refuses is asked for once more, then is `llm-failed`.
 */
export type Complete = <T>(request: ChatRequest, accept: (answer: string) => T, signal?: AbortSignal) => Promise<T>;

export interface ModelClientOptions {
  cache?: ModelCache;
}

/** The `openai` package, imported on the first request: most runs use no model, and it costs ~80 ms to load. */
type Sdk = typeof import('openai');
let sdk: Promise<Sdk> | null = null;
const loadSdk = () => (sdk ??= import('openai'));

/**
 * The model behind `simulate` and `judge`, through the official `openai` client (its `baseURL`
 * reaches any OpenAI-compatible server). Retries are ours (`maxRetries: 0`): an unparseable answer
 * once, a 400 on response_format (the judge), nothing else. The client lives in this closure only,
 * so traces and the inspector, which drop functions, never see the key.
 */
export function createModelClient(llm: LlmConfig, options: ModelClientOptions = {}): Complete {
  let client: OpenAI | null = null;
  const connect = (OpenAIClient: Sdk['default']): OpenAI => new OpenAIClient({
    baseURL: llm.baseUrl,
    // The client insists on a key and otherwise reads OPENAI_API_KEY from the environment: without
    // one configured, no Authorization header is sent at all (README "Simulated users and judges": "when set").
    apiKey: llm.apiKey ?? 'none',
    ...(llm.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    organization: null,
    project: null,
    timeout: llm.timeoutSeconds * 1000,
    maxRetries: 0,
  });
  const redactor = new Redactor().add(llm.apiKey).add(llm.apiKey && `Bearer ${llm.apiKey}`);
  const ask = async (request: ChatRequest, signal?: AbortSignal): Promise<string> => {
    const loaded = await loadSdk();
    client ??= connect(loaded.default);
    try {
      const completion = await client.chat.completions.create(request as OpenAI.ChatCompletionCreateParamsNonStreaming, signal ? { signal } : {});
      const content = completion.choices?.[0]?.message?.content;
      if (typeof content !== 'string') throw llmFailed('the answer has no choices[0].message.content');
      return content;
    } catch (error) {
      throw modelError(error, loaded, llm, redactor);
    }
  };

  return async (request, accept, signal) => {
    const body = JSON.stringify(request);
    const hash = requestHash(body);
    const cache = options.cache;
    const cached = cache?.get(hash);
    if (cached !== undefined) {
      try {
        return accept(cached);
      } catch {
        if (cache?.replay) throw llmFailed('the cached answer cannot be understood');
      }
    } else if (cache?.replay) {
      throw new CacheMiss(hash);
    }
    let lastProblem = '';
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await ask(request, signal);
      try {
        const accepted = accept(answer);
        cache?.put(hash, body, answer);
        return accepted;
      } catch (problem) {
        lastProblem = describeThrown(problem);
      }
    }
    throw llmFailed(`the answer could not be understood twice (${redactor.redact(lastProblem)})`);
  };
}

/** The base URL as messages show it: credentials in it (`https://user:pass@…`) masked. */
const shownUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//****@');

function modelError(error: unknown, { APIConnectionTimeoutError, APIError, APIUserAbortError }: Sdk, llm: LlmConfig, redactor: Redactor): Error {
  if (error instanceof Error && 'code' in error && (error as { code: unknown }).code === 'llm-failed') return error;
  if (error instanceof APIConnectionTimeoutError) return llmFailed(`no answer from ${shownUrl(llm.baseUrl)} within ${llm.timeoutSeconds} s`);
  if (error instanceof APIUserAbortError) return llmFailed('cancelled');
  if (error instanceof APIError && typeof error.status === 'number') {
    // The usual slip: Ollama and vLLM serve the API under /v1, and the URL given stops short of it.
    const hint = error.status === 404 && !/\/v\d+$/.test(llm.baseUrl) ? '; does llm.baseUrl need to end in /v1?' : '';
    return new ModelHttpError(error.status, `${redactor.redact(shortDetail(error))}${hint}`);
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = describeThrown(error);
  return llmFailed(`cannot reach ${shownUrl(llm.baseUrl)} (${redactor.redact(`${message}${cause}`)})`);
}

/** The server's own words, cut: a 400 from Ollama says what it did not like. */
function shortDetail(error: APIError): string {
  const text = error.message.replace(/^\d{3}\s*/, '').trim();
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
