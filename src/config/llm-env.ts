import type { ConfigIssue } from '../errors.js';
import { parsePlaceholder, placeholdersIn, renderString } from '../template.js';
import { isRecord } from './issues.js';
import type { LlmConfig } from './types.js';

const TEMPLATED = ['baseUrl', 'model', 'apiKey'] as const;

/**
 * Checks the `{{env.NAME}}` placeholders of the test set's `llm` block (the only ones a test set
 * takes) and reads their values, so a missing variable is a load-time error naming it.
 */
export function checkLlmPlaceholders(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): { issues: ConfigIssue[]; env: Record<string, string> } {
  const issues: ConfigIssue[] = [];
  const found: Record<string, string> = {};
  const llm = raw.llm;
  if (!isRecord(llm)) return { issues, env: found };
  for (const key of TEMPLATED) {
    const value = llm[key];
    if (typeof value !== 'string') continue;
    for (const name of placeholdersIn(value)) {
      const ref = parsePlaceholder(name);
      if (ref?.kind !== 'env') issues.push({ path: `llm.${key}`, message: `unknown placeholder {{${name}}} (only {{env.NAME}} is allowed here)` });
      else if (env[ref.name] === undefined) issues.push({ path: `llm.${key}`, message: `environment variable ${ref.name} is not set` });
      else found[ref.name] = env[ref.name]!;
    }
  }
  if (typeof llm.baseUrl === 'string' && issues.length === 0) {
    const url = String(renderString(llm.baseUrl, { env: found }));
    if (!/^https?:\/\/[^/]/i.test(url)) issues.push({ path: 'llm.baseUrl', message: 'must be an http:// or https:// URL' });
  }
  return { issues, env: found };
}

/** The `llm` block with its placeholders rendered; an empty apiKey (an env var set to "") is no key. */
export function resolveLlm(llm: LlmConfig, env: Record<string, string>): LlmConfig {
  const render = (text: string) => String(renderString(text, { env }));
  const { apiKey, ...rest } = llm;
  const key = apiKey === undefined ? '' : render(apiKey);
  return { ...rest, baseUrl: render(llm.baseUrl).replace(/\/+$/, ''), model: render(llm.model), ...(key ? { apiKey: key } : {}) };
}
