import type { ConfigIssue } from '../errors.js';
import type { AgentConfig, TestSet } from './types.js';

/**
 * What a test set asks of the agent config it runs against (README "Buttons, cards and clicks"): choices and clicks need
 * `messages.choicesPath`, attachment expectations `messages.attachmentsPath`. Paths are the test
 * set's, since that is where the fix usually goes (or where the missing key is named).
 */
export function checkTestSetAgainstAgent(agent: AgentConfig, testSet: TestSet): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const hasChoices = (agent.messages.choicesPath ?? []).length > 0;
  const hasAttachments = agent.messages.attachmentsPath !== undefined;
  testSet.cases.forEach((testCase, caseIndex) => {
    testCase.turns.forEach((turn, turnIndex) => {
      const at = `cases.${caseIndex}.turns.${turnIndex}`;
      const need = (key: string, config: string) => issues.push({ path: `${at}.${key}`, message: `needs messages.${config} in the agent config` });
      if (!hasChoices && turn.click !== undefined) need('click', 'choicesPath');
      if (!hasChoices && turn.expect?.choices !== undefined) need('expect.choices', 'choicesPath');
      if (!hasChoices && turn.expect?.choicesExactly !== undefined) need('expect.choicesExactly', 'choicesPath');
      if (!hasAttachments && turn.expect?.attachments !== undefined) need('expect.attachments', 'attachmentsPath');
      if (!hasAttachments && turn.expect?.attachment !== undefined) need('expect.attachment', 'attachmentsPath');
    });
  });
  return issues;
}
