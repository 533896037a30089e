import { describe, expect, it } from 'vitest';
import { compileCards } from '../../src/classify/cards.js';
import { parseAgentConfig } from '../../src/config/load.js';
import { compileWildcardPath } from '../../src/paths.js';

describe('paths with * (README "Buttons, cards and clicks")', () => {
  const activity = {
    attachments: [
      { content: { buttons: [{ title: 'A' }, { title: 'B' }] } },
      { content: {} },
      { content: { buttons: [{ title: 'C' }] } },
    ],
  };

  it('reads every item, in order, skipping items without the rest of the path', () => {
    expect(compileWildcardPath('attachments.*.content.buttons')(activity)).toEqual([[{ title: 'A' }, { title: 'B' }], [{ title: 'C' }]]);
    expect(compileWildcardPath('attachments.*.content.buttons.*.title')(activity)).toEqual(['A', 'B', 'C']);
    expect(compileWildcardPath('*')({ x: 1, y: 2 })).toEqual([1, 2]);
    expect(compileWildcardPath('missing.*.x')(activity)).toEqual([]);
    expect(compileWildcardPath('attachments.*.__proto__')(activity)).toEqual([]);
  });

  it('makes choices from every path, flattened, with the title as payload when there is none', () => {
    const { messages } = parseAgentConfig(
      { connection: { url: 'ws://127.0.0.1:1/ws' }, messages: { choicesPath: ['quick', 'attachments.*.content.buttons'], choicePayloadPath: 'value', attachmentsPath: 'attachments' } },
      { env: {} },
    );
    const cards = compileCards(messages)!;
    expect(cards({ quick: ['Yes', 7, { title: 'No', value: { postBack: true } }, { nothing: 1 }], ...activity })).toEqual({
      choices: [
        { title: 'Yes', payload: 'Yes' },
        { title: '7', payload: '7' },
        { title: 'No', payload: '{"postBack":true}' },
        { title: 'A', payload: 'A' },
        { title: 'B', payload: 'B' },
        { title: 'C', payload: 'C' },
      ],
      attachments: activity.attachments,
    });
    expect(cards({ text: 'plain' })).toBeNull();
  });
});
