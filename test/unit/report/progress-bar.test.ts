import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgress } from '../../../src/report/progress.js';
import { makeResult } from '../../helpers/results.js';

/** A terminal of the given width that records everything written to it. */
function terminal(columns: number) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number };
  stream.isTTY = true;
  stream.columns = columns;
  return { stream: stream as unknown as NodeJS.WriteStream, chunks };
}

/** What shows on screen: each stretch of text between line breaks and cursor moves. */
function segments(output: string): string[] {
  // eslint-disable-next-line no-control-regex
  return output.split(/\u001b\[[0-9;?]*[A-Za-z]|\r|\n/).filter((segment) => segment.length > 0);
}

describe('the progress bar', () => {
  // The bar redraws on a timer: fake time makes its redraws exact, with no real wait.
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const wait = (ms: number) => vi.advanceTimersByTime(ms);

  it.each([80, 60])('fits a %i-column terminal, even with a large run', (columns) => {
    const { stream, chunks } = terminal(columns);
    const progress = createProgress({ stream, tty: true, total: 1000, repeated: true });
    for (let i = 0; i < 999; i++) progress.finished(makeResult({ verdict: i % 3 === 0 ? 'failed' : 'passed' }));
    wait(150);
    progress.stop();
    const shown = segments(chunks.join(''));
    expect(shown.some((segment) => segment.includes('999/1000'))).toBe(true);
    for (const segment of shown) expect(segment.length, segment).toBeLessThan(columns);
  });

  it('never draws again once stopped, so the summary after it stays whole', () => {
    const { stream, chunks } = terminal(80);
    const progress = createProgress({ stream, tty: true, total: 3, repeated: false });
    progress.finished(makeResult());
    progress.stop();
    progress.stop();
    const written = chunks.length;
    expect(chunks.join('').endsWith('\n')).toBe(true);
    wait(300);
    expect(chunks.length).toBe(written);
  });

  it('puts a notice (Ctrl-C) on its own line below the bar, which is never drawn again below it', () => {
    const { stream, chunks } = terminal(80);
    const progress = createProgress({ stream, tty: true, total: 3, repeated: false });
    progress.finished(makeResult());
    progress.note('\nInterrupted: ending running simulations as cancelled…');
    progress.finished(makeResult());
    wait(1000);
    progress.stop();
    const output = chunks.join('');
    const at = output.indexOf('Interrupted: ending running simulations as cancelled…\n');
    expect(at).toBeGreaterThan(0);
    // Before the notice, the bar ended its line; after it, nothing more is drawn.
    expect(output.slice(0, at)).toMatch(/1\/3[^\n]*\n+$/);
    expect(output.slice(at)).toBe('Interrupted: ending running simulations as cancelled…\n');
  });
});
