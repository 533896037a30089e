import { fromPromise } from 'xstate';
import { judgeFailed } from '../../machines/errors.js';
import { z } from 'zod';
import type { ErrorInfo, JudgeInput, JudgeOutput, JudgementEntry } from '../../machines/types.js';
import type { JudgeConfig } from '../config/types.js';
import type { ChatRequest, Complete, ModelSettings } from './client.js';
import { CacheMiss, ModelHttpError } from './errors.js';
import { transcriptLines, type Turn } from './transcript.js';

/** What the `judge` actor needs for one case. */
export interface JudgePlan {
  complete: Complete;
  /** The model settings only: the key stays inside `complete`, out of traces. */
  llm: ModelSettings;
  judge: JudgeConfig;
}

const SYSTEM = [
  'You are a strict evaluator of a conversation between a user and a customer-support agent.',
  'For each criterion, decide whether the agent met it in the transcript: "pass", "fail", or "inconclusive" when the transcript does not show it either way.',
  'Answer with JSON only, exactly of this shape:',
  '{"criteria":[{"criterion":"<the criterion, as given>","verdict":"pass"|"fail"|"inconclusive","reasoning":"<one sentence>"}]}',
].join('\n');

export function judgeRequest(plan: JudgePlan, transcript: readonly Turn[], withFormat: boolean): ChatRequest {
  const criteria = plan.judge.criteria.map((criterion, i) => `${i + 1}. ${criterion}`).join('\n');
  return {
    model: plan.llm.model,
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: `Criteria:\n${criteria}\n\nTranscript:\n${transcriptLines(transcript)}` },
    ],
    // The judge always uses 0, whatever the simulated user's temperature (README "Simulated users and judges").
    temperature: 0,
    ...(plan.llm.seed === undefined ? {} : { seed: plan.llm.seed }),
    ...(withFormat ? { response_format: { type: 'json_object' as const } } : {}),
  };
}

const verdictSchema = z.object({
  criteria: z.array(
    z.object({
      criterion: z.string(),
      verdict: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['pass', 'fail', 'inconclusive'])),
      reasoning: z.string().default(''),
    }),
  ),
});

/** Models wrap JSON in Markdown fences even when asked not to. */
function parseJson(answer: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(answer);
  return JSON.parse((fenced ? fenced[1]! : answer).trim()) as unknown;
}

/**
 * The verdicts, one per configured criterion in its order. A criterion the model left out is
 * `inconclusive` (never a pass on doubt); matched by its text, else by position.
 */
export function readJudgement(criteria: readonly string[]): (answer: string) => JudgementEntry[] {
  return (answer) => {
    const parsed = verdictSchema.safeParse(parseJson(answer));
    if (!parsed.success) throw new Error('not the JSON asked for');
    const given = parsed.data.criteria;
    const norm = (text: string) => text.trim().toLowerCase();
    return criteria.map((criterion, index) => {
      const found = given.find((entry) => norm(entry.criterion) === norm(criterion)) ?? given[index];
      return found
        ? { criterion, verdict: found.verdict, reasoning: found.reasoning }
        : { criterion, verdict: 'inconclusive', reasoning: 'The judge gave no verdict for this criterion.' };
    });
  };
}

const cut = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);

/** `judge-failed` quoting every criterion not met, or null when all passed. */
export function judgeFailure(judgement: readonly JudgementEntry[]): ErrorInfo | null {
  const unmet = judgement.filter((entry) => entry.verdict !== 'pass');
  if (unmet.length === 0) return null;
  const parts = unmet.map((entry) => `${JSON.stringify(entry.criterion)} (${entry.verdict}${entry.reasoning ? `: ${cut(entry.reasoning)}` : ''})`);
  return judgeFailed(parts);
}

/**
 * One request after the conversation. `response_format` is sent and, if the server answers 400
 * (many local servers do not know it), dropped for one more try; a replay cache recorded against
 * such a server holds only the request without it.
 */
export async function judgeConversation(input: JudgeInput, signal?: AbortSignal): Promise<JudgeOutput> {
  const plan = input.plan as JudgePlan;
  const read = readJudgement(plan.judge.criteria);
  let judgement: JudgementEntry[];
  try {
    judgement = await plan.complete(judgeRequest(plan, input.transcript, true), read, signal);
  } catch (error) {
    const formatRefused = (error instanceof ModelHttpError && error.status === 400) || error instanceof CacheMiss;
    if (!formatRefused) throw error;
    judgement = await plan.complete(judgeRequest(plan, input.transcript, false), read, signal);
  }
  return { judgement, failure: judgeFailure(judgement) };
}

export const judgeActor = fromPromise<JudgeOutput, JudgeInput>(({ input, signal }) => judgeConversation(input, signal));
