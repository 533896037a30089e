/** Parley: an embeddable engine for testing chat agents that speak JSON over WebSocket. */
export { connect, Conversation, type ConnectOptions } from './engine/connect.js';
export { runTestSet, type RunOptions } from './engine/run.js';
export type { RunSummary } from './engine/summary.js';
export { runLoad, type LoadRunOptions, type LoadOutcome } from './load/run.js';
export type { LoadModel, UsersModel, RateModel } from './load/pace.js';
export type { LoadWindow } from './load/windows.js';
export type { LoadSample, ReplySample } from './load/samples.js';
export { parseThreshold, evaluateThresholds, type Threshold, type ThresholdOutcome } from './load/thresholds.js';
export { runMeasures } from './load/samples.js';
export { loadAgentConfig, loadTestSet, parseAgentConfig, parseTestSet } from './config/load.js';
export type * from './config/types.js';
export type { CodecModule } from './transport/framing/codec.js';
export type { FramingName } from './transport/framing/names.js';
export { ParleyError, ConfigError, type ErrorCode, type ErrorInfo, type ConfigIssue } from './errors.js';
export { conversationMachine, reportToParent } from '../machines/conversation.js';
export { simulationMachine } from '../machines/simulation.js';
export { supervisorMachine } from '../machines/supervisor.js';
export type * from '../machines/types.js';
export { runOnQueue, startWorker } from './queue/api.js';
export type { QueueRunOptions } from './queue/run.js';
export type { WorkerOptions, ParleyWorker } from './queue/worker.js';
export type { QueueConnection } from './queue/connection.js';
export { QueueLostError, QueueUnreachableError, QueueUrlError, type QueueErrorCode } from './queue/errors.js';
export {
  startDemoAgent,
  DEMO_PROFILES,
  type DemoAgent,
  type DemoAgentOptions,
  type DemoAgentStats,
  type DemoProfile,
} from './demo/index.js';
