import { conversationMachine, reportToParent } from '../../machines/conversation.js';
import { simulationMachine } from '../../machines/simulation.js';
import { supervisorMachine } from '../../machines/supervisor.js';
import { judgeActor } from '../models/judge.js';
import { userModelActor } from '../models/simulated-user.js';
import { handshakeHttpActor } from '../transport/handshake-http-actor.js';
import { setupActor } from '../transport/setup-actor.js';
import { transportActor } from '../transport/transport-actor.js';

/** The conversation machine with its real I/O: HTTP setup on ky, the socket on ws or socket.io. */
export const liveConversationMachine = conversationMachine.provide({
  actors: { setup: setupActor, socket: transportActor, handshakeHttp: handshakeHttpActor },
});

/** A simulation's conversation tells the simulation, its parent, what happened. */
const childConversationMachine = liveConversationMachine.provide({ actions: { report: reportToParent } });

export const liveSimulationMachine = simulationMachine.provide({
  actors: { conversation: childConversationMachine, userModel: userModelActor, judge: judgeActor },
});

export const liveSupervisorMachine = supervisorMachine.provide({
  actors: { simulation: liveSimulationMachine },
});
