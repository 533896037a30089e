import { describe, expect, it } from 'vitest';
import { renderHeaders } from '../../src/headers.js';
import { Redactor } from '../../src/redact.js';

const vars = { env: { TOKEN: 'tok-0123456789abcdef' }, messageSeq: 7 };

describe('renderHeaders', () => {
  it('renders each value, a lone {{message.seq}} as its digits', () => {
    expect(renderHeaders({ Authorization: 'Bearer {{env.TOKEN}}', 'X-Seq': '{{message.seq}}' }, vars)).toEqual({
      Authorization: 'Bearer tok-0123456789abcdef',
      'X-Seq': '7',
    });
  });

  it('teaches the redactor every credential header, as rendered, and no other header', () => {
    const redactor = new Redactor();
    renderHeaders({ Authorization: 'Bearer {{env.TOKEN}}', 'X-Trace': 'trace-0123456789abcdef' }, vars, { redactor });
    expect(redactor.redact('sent Bearer tok-0123456789abcdef')).not.toContain('tok-0123456789abcdef');
    expect(redactor.redact('trace-0123456789abcdef')).toBe('trace-0123456789abcdef');
  });

  it('renders with the renderer it is given (a missing setup value kept as written)', () => {
    const keep = (value: string) => value;
    expect(renderHeaders({ Authorization: 'Bearer {{setup.token}}' }, {}, { render: keep })).toEqual({ Authorization: 'Bearer {{setup.token}}' });
  });
});
