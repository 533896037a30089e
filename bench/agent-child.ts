/** Entry of the agent child process (see agent.ts): listens, reports its port, serves until told to stop. */
import { listenAgent, type AgentChildReply, type AgentChildRequest } from './agent.js';

const server = await listenAgent();
const send = (message: AgentChildReply) => process.send?.(message);
let stopping = false;

const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  if (process.connected) process.disconnect();
  process.exit(0);
};

process.on('message', (message: AgentChildRequest) => {
  if (message.type === 'count') send({ type: 'count', id: message.id, count: server.count() });
  else if (message.type === 'close') void stop();
});
// The bench went away without saying goodbye: do not outlive it.
process.on('disconnect', () => void stop());
send({ type: 'listening', port: server.port });
