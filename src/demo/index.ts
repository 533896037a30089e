/** The bundled demo agents used by `parley demo`, `parley agent`, the examples and the tests. */
export {
  answerFor,
  DEMO_PROFILES,
  isDemoProfile,
  parseProfile,
  startDemoAgent,
  type DemoAgent,
  type DemoAgentOptions,
  type DemoAgentStats,
  type DemoProfile,
} from './agents.js';
export { DEMO_API_TOKEN } from './http-first.js';
export { DEMO_DIRECTLINE_SECRET } from './directline.js';
