/**
 * What a job carries: everything a worker needs to run one simulation, with no file of the
 * submitting machine. `{{env.*}}` values travel as the run read them (`config.env`), and files the
 * config names (`tls.caFile`, `connection.codec`) travel as their contents. Secrets of the agent config are in the job,
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
  /** The source of `connection.codec` (one self-contained ES module), when the config names one. */
  codecSource?: string;
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

/** The agent config as it travels: validated, CA and codec files as contents. */
export interface PackedAgent {
  agent: AgentConfig;
  caPem?: string;
  codecSource?: string;
}

/** The test set as one job carries it: everything but the other cases. */
export function oneCaseOf(testSet: TestSet, caseIndex: number): TestSet {
  return { ...testSet, cases: [testSet.cases[caseIndex]!] };
}

/** Packs a validated config once per run (the CA and codec files are read once, here). */
export function packAgent(config: AgentConfig): PackedAgent {
  const { tls, codec, ...connection } = config.connection;
  if (!tls?.caFile && codec === undefined) return { agent: config };
  const { caFile, ...tlsRest } = tls ?? {};
  const packed: PackedAgent = { agent: { ...config, connection: tls ? { ...connection, tls: tlsRest as typeof tls } : connection } };
  if (caFile) packed.caPem = readFileSync(caFile, 'utf8');
  // The worker writes it back to a file of its own: a path on this machine means nothing there.
  if (codec !== undefined) packed.codecSource = readFileSync(codec, 'utf8');
  return packed;
}
