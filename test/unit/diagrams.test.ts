/**
 * The Mermaid diagrams in visualizations/ are generated from the machines: this fails as soon as a
 * machine changes and the committed diagrams were not regenerated (`npm run diagrams`).
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { and, not, setup } from 'xstate';
import { conversationMachine } from '../../machines/conversation.js';
import { listTransitions } from '../../src/diagrams/transitions.js';
import { DIAGRAMMED, machineToMermaid, renderDiagrams, writeDiagrams } from '../../src/diagrams/write.js';

const VISUALIZATIONS = fileURLToPath(new URL('../../visualizations/', import.meta.url));

describe('committed diagrams', () => {
  it('are exactly what the machines generate now (run `npm run diagrams` if this fails)', async () => {
    for (const [file, expected] of Object.entries(renderDiagrams())) {
      const committed = await readFile(join(VISUALIZATIONS, file), 'utf8').catch(() => '(missing)');
      expect(committed, `visualizations/${file} is stale: run \`npm run diagrams\``).toBe(expected);
    }
  });

  it('include a README that embeds every machine as a mermaid block and says how it is made', () => {
    const files = renderDiagrams();
    const readme = files['README.md']!;
    expect(readme).toContain('npm run diagrams');
    for (const { name } of DIAGRAMMED) expect(readme).toContain(`\`\`\`mermaid\n${files[`${name}.mmd`]}\`\`\``);
  });
});

describe('machineToMermaid', () => {
  const diagram = machineToMermaid(conversationMachine);
  const lines = diagram.split('\n');

  it('draws a stateDiagram-v2 with compound states nested and initial markers in each', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    const text = lines.map((line) => line.trim()).join('\n');
    expect(text).toMatch(/state conversation \{\n\[\*\] --> starting\n/);
    expect(text).toMatch(/state session \{\n\[\*\] --> connecting\n/);
    expect(text).toMatch(/state collecting \{\n\[\*\] --> waiting\n/);
    // collecting sits inside session, which sits inside the machine.
    const indent = (prefix: string) => lines.find((line) => line.trim().startsWith(prefix))!.search(/\S/);
    expect(indent('state collecting {')).toBeGreaterThan(indent('state session {'));
    expect(indent('state session {')).toBeGreaterThan(indent('state conversation {'));
    expect(diagram.split('{').length).toBe(diagram.split('}').length);
  });

  it('labels delayed transitions by their delay, eventless ones as always, guards in brackets, finals to [*]', () => {
    expect(diagram).toContain('receiving --> delivering : after quietPeriod');
    expect(diagram).toContain('receiving --> delivering : after maxTurn / markTruncated');
    expect(diagram).toContain('waiting --> delivering : after responseTimeout / markTimedOut');
    expect(diagram).toContain('idle --> collecting : always [hasOutbox] / startTurn, sendText, report, shiftOutbox');
    expect(diagram).toContain('delivering --> idle : always');
    expect(diagram).toContain('connecting --> handshake : socket.open [hasHandshake] / markOpen');
    expect(diagram).toMatch(/ {4}closed --> \[\*\]\n/);
    expect(diagram).toMatch(/ {4}failed --> \[\*\]\n/);
  });

  it('draws one edge per transition, targetless ones as loops, each state declared once', () => {
    const edges = lines.filter((line) => / --> /.test(line) && !line.includes('[*]'));
    expect(edges).toHaveLength(listTransitions(conversationMachine).length);
    expect(diagram).toContain('conversation --> conversation : user.message / queueUserMessage');
    expect(diagram).toContain('closing --> closing : conversation.close');
    const declared = lines.map((line) => line.trim()).filter((line) => /^[A-Za-z_]\w*$/.test(line) || /^state \w+ \{$/.test(line));
    const names = declared.map((line) => line.replace(/^state (\w+) \{$/, '$1'));
    expect(new Set(names).size).toBe(names.length);
  });

  it('writes edges between different parents at the top level, after every state is placed', () => {
    const lastClose = lines.findLastIndex((line) => line === '  }');
    const crossing = lines.findIndex((line) => line.trim() === 'connecting --> failed : after connectTimeout / fail');
    expect(crossing).toBeGreaterThan(lastClose);
  });

  it('is deterministic', () => {
    expect(machineToMermaid(conversationMachine)).toBe(diagram);
  });

  it('names numeric delays and combined guards, and tells apart states named alike (or like the machine)', () => {
    const machine = setup({ guards: { a: () => true, b: () => false } }).createMachine({
      id: 'busy',
      initial: 'one',
      states: {
        one: {
          initial: 'busy',
          states: { busy: { after: { 500: 'idle' } }, idle: { always: { guard: and(['a', not('b')]), target: 'busy' } } },
        },
        two: { initial: 'idle', states: { idle: { type: 'final' } } },
      },
    });
    const text = machineToMermaid(machine);
    expect(text).toContain('state busy {');
    expect(text).toContain('busy_one_busy --> busy_one_idle : after 500ms');
    expect(text).toContain('busy_one_idle --> busy_one_busy : always [a and not b]');
    expect(text).toMatch(/busy_two_idle --> \[\*\]/);
  });
});

describe('writeDiagrams', () => {
  it('writes one .mmd per machine and the README into the folder, creating it, and lists them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-diagrams-'));
    try {
      const target = join(dir, 'out', 'visualizations');
      const written = await writeDiagrams(target);
      expect(written.map((path) => path.slice(target.length + 1)).sort()).toEqual(['README.md', 'conversation.mmd', 'simulation.mmd', 'supervisor.mmd']);
      expect((await readdir(target)).sort()).toEqual(['README.md', 'conversation.mmd', 'simulation.mmd', 'supervisor.mmd']);
      expect(await readFile(join(target, 'conversation.mmd'), 'utf8')).toBe(machineToMermaid(conversationMachine));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
