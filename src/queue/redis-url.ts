/**
 * The `--queue` URL: which forms are accepted, and how it is shown. The password (and anything
 * else in it that looks like a credential) never reaches output: every message that names the
 * queue names it through {@link maskRedisUrl}.
 */

const SCHEMES = new Set(['redis:', 'rediss:']);
/** Query parameters whose value is a credential (`?password=…`). */
const SECRET_PARAM = /pass|secret|token|key|auth/i;
const MASK = '****';

/** Why `url` cannot name a queue, or null when it can. */
export function redisUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `Expected a redis:// or rediss:// URL, got "${maskLoosely(url)}".`;
  }
  if (!SCHEMES.has(parsed.protocol)) return `Expected a redis:// or rediss:// URL, got "${maskRedisUrl(url)}".`;
  if (!parsed.hostname) return `The queue URL ${maskRedisUrl(url)} names no host.`;
  return null;
}

/**
 * `url` with its password (or a lone user name, which some providers use as the password) and
 * credential-like query values replaced by `****`: `redis://:****@host:6379/0`.
 */
export function maskRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return maskLoosely(url);
  }
  if (parsed.password) parsed.password = MASK;
  else if (parsed.username) parsed.username = MASK;
  for (const [key] of parsed.searchParams) {
    if (SECRET_PARAM.test(key)) parsed.searchParams.set(key, MASK);
  }
  // URL keeps `*` as it is in userinfo, so the result reads as typed: redis://:****@host.
  return parsed.toString().replace(/\/$/, '');
}

/** For text that is not even a URL: hide everything between `//` and `@`. */
function maskLoosely(text: string): string {
  return text.replace(/\/\/[^@/]*@/, `//${MASK}@`);
}

/** The secrets inside `url` as typed (decoded and raw), so messages can be scrubbed of them. */
export function secretsOf(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const raw = parsed.password || parsed.username;
  const values = raw ? [raw, decodeURIComponent(raw)] : [];
  for (const [key, value] of parsed.searchParams) if (SECRET_PARAM.test(key) && value) values.push(value);
  return [...new Set(values.filter((value) => value.length > 0))];
}

/** `text` with every secret of `url` replaced by `****` (for errors from Redis clients). */
export function scrubQueueSecrets(text: string, url: string): string {
  let out = text;
  for (const secret of secretsOf(url)) out = out.split(secret).join(MASK);
  return out;
}
