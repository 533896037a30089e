/**
 * What a job carries: everything a worker needs to run one simulation, with no file of the
 * submitting machine. `{{env.*}}` values travel as the run read them (`config.env`), and files the
 * config names (`tls.caFile`) travel as their contents. Secrets of the agent config are in the job,
 * so the queue's Redis must be as private as the config file (README: Running on many machines).
 */
import { readFileSync } from 'node:fs';
import type { AgentConfig, TestSet } from '../config/types.js';

/** One simulation as a job's data (plain JSON). */
export interface SimulationJobData {
  runId: string;
  /** The validated agent config; `connection.tls.caFile` is dropped in favour of `caPem`. */
  agent: AgentConfig;
  /** The contents of `tls.caFile`, when the config names one. */
  caPem?: string;
  /**
   * The test set with only this simulation's case: whatever else a test set holds for its cases
   * travels with it.
   */
  testSet: TestSet;
  /** The case's place in the run's test set (part of the job id). */
  caseIndex: number;
  iteration: number;
  /** Largest agent frame accepted, in bytes, as the run was told. */
  maxPayload?: number;
}

/** The agent config as it travels: validated, CA file as contents. */
export interface PackedAgent {
  agent: AgentConfig;
  caPem?: string;
}

/** The test set as one job carries it: everything but the other cases. */
export function oneCaseOf(testSet: TestSet, caseIndex: number): TestSet {
  return { ...testSet, cases: [testSet.cases[caseIndex]!] };
}

/** Packs a validated config once per run (the CA file is read once, here). */
export function packAgent(config: AgentConfig): PackedAgent {
  const caFile = config.connection.tls?.caFile;
  if (!caFile || !config.connection.tls) return { agent: config };
  const { caFile: _path, ...tls } = config.connection.tls;
  return {
    agent: { ...config, connection: { ...config.connection, tls } },
    caPem: readFileSync(caFile, 'utf8'),
  };
}
