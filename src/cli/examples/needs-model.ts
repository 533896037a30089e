import { EXAMPLES, type ExampleEntry } from './catalog.js';

/** The one line that enables the examples that need a model (any OpenAI-compatible server). */
export const ENABLE_MODEL_LINE =
  'PARLEY_LLM_BASE_URL=http://127.0.0.1:11434/v1 PARLEY_LLM_MODEL=qwen2.5:7b-instruct npm start';

/**
 * No model can be bundled: the examples that need one (simulate, judge) run only when
 * `PARLEY_LLM_BASE_URL` is set; the others always run.
 */
export function examplesToRun(env: NodeJS.ProcessEnv): { runnable: ExampleEntry[]; skipped: ExampleEntry[] } {
  const haveModel = Boolean(env.PARLEY_LLM_BASE_URL);
  return {
    runnable: EXAMPLES.filter((entry) => haveModel || !entry.needsModel),
    skipped: EXAMPLES.filter((entry) => !haveModel && entry.needsModel),
  };
}

export function formatSkippedExample(entry: ExampleEntry): string[] {
  return ['', `── ${entry.title} ── examples/${entry.dir}`, '   skipped: it needs a model. To run it:', `     ${ENABLE_MODEL_LINE}`];
}
