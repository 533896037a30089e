import { describe, expect, it } from 'vitest';
import { formatJUnit } from '../../../src/report/junit.js';
import { reportRedactor } from '../../../src/report/redaction.js';
import { parseAgentConfig } from '../../../src/config/load.js';
import { conversation, failedResult, makeResult } from '../../helpers/results.js';

const plain = (text: string) => text;

describe('JUnit XML (README "Reports and CI")', () => {
  const passed = makeResult({ caseId: 'greeting', durationMs: 1500, transcript: conversation([['Hello', 'Hi! How can I help?']]) });
  const failed = failedResult('refund', 'We open at 9 am.', { iteration: 2, durationMs: 250 });
  const errored = makeResult({ caseId: 'down', verdict: 'error', error: { code: 'connect-failed', message: 'Failed to connect to WebSocket: refused' } });

  it('has testsuites > testsuite > testcase with the names, counts and times README "Reports and CI" gives', () => {
    const xml = formatJUnit([{ name: 'smoke', results: [passed, failed, errored], durationMs: 4321 }], plain);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xml).toContain('<testsuite name="smoke" tests="3" failures="1" errors="1" time="4.321">');
    expect(xml).toContain('<testcase classname="parley.smoke" name="greeting#1" time="1.500">');
    expect(xml).toContain('<testcase classname="parley.smoke" name="refund#2" time="0.250">');
    expect(xml).toContain(
      '<failure type="expectation-failed" message="Expectation failed: the reply to turn 1 contains &quot;refund&quot; — got &quot;We open at 9 am.&quot;">',
    );
    expect(xml).toContain('<error type="connect-failed" message="Failed to connect to WebSocket: refused">');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml.match(/<system-out>/g)).toHaveLength(3);
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('holds each transcript in <system-out>, turn by turn with latencies, timings and drops', () => {
    const xml = formatJUnit([{ name: 'smoke', results: [passed], durationMs: 1 }], plain);
    expect(xml).toContain('<system-out>user:  Hello\nagent: Hi! How can I help?  [100 ms]\ntimings: connect 5 ms; dropped: none</system-out>');
  });

  it('escapes markup and quotes, and replaces characters XML cannot hold', () => {
    const nasty = 'a <b>&amp;</b> "q" \'s\' \u0000\u0007 ]]> \uD800 end';
    const xml = formatJUnit([{ name: 'set <&>', results: [failedResult('c"<', nasty)], durationMs: 1 }], plain);
    expect(xml).toContain('name="set &lt;&amp;&gt;"');
    expect(xml).toContain('classname="parley.set &lt;&amp;&gt;" name="c&quot;&lt;#1"');
    expect(xml).toContain('agent: a &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;q&quot; &apos;s&apos; \uFFFD\uFFFD ]]&gt; \uFFFD end');
    // Nothing unescaped between the tags: every < starts one of ours.
    const body = xml.replace(/<\/?(testsuites|testsuite|testcase|failure|error|system-out)\b[^>]*>/g, '').replace(/^<\?xml[^>]*>/, '');
    expect(body).not.toMatch(/[<]/);
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('keeps line breaks of a message attribute as character references', () => {
    const result = makeResult({ verdict: 'failed', error: { code: 'agent-error', message: 'line one\nline two' } });
    expect(formatJUnit([{ name: 's', results: [result], durationMs: 1 }], plain)).toContain('message="line one&#10;line two"');
  });

  it('redacts the agent config secrets, as configured and rendered from env, everywhere', () => {
    const config = parseAgentConfig(
      { connection: { url: 'ws://127.0.0.1:1/ws', authorization: 'Bearer {{env.TOKEN}}', headers: { 'X-Api-Key': 'k-123456' } } },
      { env: { TOKEN: 'tok-secret-42' } },
    );
    const leaky = failedResult('leak', 'your token is tok-secret-42 and key k-123456, also Bearer abcdefghijkl', {
      transcript: conversation([['my key is k-123456', 'your token is tok-secret-42 and key k-123456, also Bearer abcdefghijkl']]),
    });
    const xml = formatJUnit([{ name: 's', results: [leaky], durationMs: 1 }], reportRedactor(config));
    expect(xml).not.toContain('tok-secret-42');
    expect(xml).not.toContain('k-123456');
    expect(xml).not.toContain('abcdefghijkl');
    expect(xml).toContain('****');
  });
});
