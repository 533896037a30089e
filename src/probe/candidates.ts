import orderBy from 'lodash-es/orderBy.js';
import { isTextLike, isTokenLike, stringLeaves } from './json-leaves.js';

/** A path found in several frames, with what it held there. */
export interface PathCandidate {
  path: string;
  /** How many frames had a fitting value there. */
  frames: number;
  /** Values with how often each was seen, most frequent first. */
  values: Array<{ value: string; count: number }>;
}

const TYPE_KEY = /type|event|kind|class|action|^name$|^op$/i;

/**
 * Fields that look like a frame's type: identifier-like values, under a key named like a type
 * preferred, then the one most frames have.
 */
export function typeCandidates(frames: readonly unknown[], limit = 2): PathCandidate[] {
  const candidates = collect(frames, (leaf) => isTokenLike(leaf.value) && !isTextLike(leaf));
  const score = (candidate: PathCandidate) => (TYPE_KEY.test(lastSegment(candidate.path)) ? 1000 : 0) + candidate.frames;
  return candidates.sort((a, b) => score(b) - score(a)).slice(0, limit);
}

/** Paths holding text-like strings, the most widespread first; `exclude` paths are skipped. */
export function textCandidates(frames: readonly unknown[], exclude: ReadonlySet<string> = new Set(), limit = 3): PathCandidate[] {
  const candidates = collect(frames, (leaf) => !exclude.has(leaf.path) && isTextLike(leaf));
  return candidates.sort((a, b) => b.frames - a.frames).slice(0, limit);
}

function collect(frames: readonly unknown[], fits: (leaf: { path: string; value: string }) => boolean): PathCandidate[] {
  const byPath = new Map<string, { frames: number; values: Map<string, number> }>();
  for (const frame of frames) {
    const seen = new Set<string>();
    for (const leaf of stringLeaves(frame)) {
      if (!fits(leaf)) continue;
      const entry = byPath.get(leaf.path) ?? { frames: 0, values: new Map<string, number>() };
      if (!seen.has(leaf.path)) entry.frames += 1;
      seen.add(leaf.path);
      entry.values.set(leaf.value, (entry.values.get(leaf.value) ?? 0) + 1);
      byPath.set(leaf.path, entry);
    }
  }
  return [...byPath].map(([path, entry]) => ({ path, frames: entry.frames, values: byCount(entry.values) }));
}

/** Counted values, most frequent first, ties in first-seen order. */
export function byCount(counts: ReadonlyMap<string, number>): Array<{ value: string; count: number }> {
  return orderBy([...counts].map(([value, count]) => ({ value, count })), 'count', 'desc');
}

function lastSegment(path: string): string {
  return path.split('.').at(-1) ?? path;
}

/** `agent_message ×3, ack ×1` (at most `limit` values). */
export function describeValues(values: ReadonlyArray<{ value: string; count: number }>, limit = 5): string {
  const shown = values.slice(0, limit).map(({ value, count }) => `\`${value}\` ×${count}`);
  return values.length > limit ? `${shown.join(', ')}, …` : shown.join(', ');
}
