import { gotReply, type ProbeObservations } from '../types.js';

/** The conversation ended early, or the agent said nothing at all to the message. */
export function silenceAdvice(observations: ProbeObservations): string[] {
  const { error, failedStage, frames, config, sentFrame } = observations;
  if (failedStage === 'reply' && error && (error.code === 'agent-closed' || error.code === 'connection-lost')) {
    return [
      `The conversation ended after the message was sent (${error.code}). The agent may have refused the message: ` +
        `check messages.sendTemplate (sent: ${sentFrame ?? 'nothing'})${config.connection.init === undefined ? ' and whether it needs connection.init first' : ''}.`,
    ];
  }
  if (failedStage !== null || gotReply(observations)) return [];
  const afterSend = frames.filter((frame) => frame.phase === 'reply');
  if (afterSend.length > 0) return [];
  return [
    `The agent sent nothing in the ${config.responseTimeoutSeconds} s after the message. Check messages.sendTemplate ` +
      `(sent: ${sentFrame ?? 'nothing'})${config.connection.init === undefined ? '; if the agent expects a first message, set connection.init' : ''}.`,
  ];
}
