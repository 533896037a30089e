import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_QUEUE_NAME, queueNameProblem } from '../queue/names.js';

/** `--queue` and `--queue-name`, as commander parses them. */
export interface QueueFlags {
  queue?: string;
  queueName: string;
}

function queueName(value: string): string {
  const problem = queueNameProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

/**
 * `--queue <url>`: the queue's Redis. Its form is checked when the command runs, not by
 * commander, whose usage error would print the value back, password and all.
 */
export function queueOption(description: string): Option {
  return new Option('--queue <url>', description);
}

/** `--queue-name <name>`. */
export function queueNameOption(): Option {
  return new Option('--queue-name <name>', 'the queue within that Redis').argParser(queueName).default(DEFAULT_QUEUE_NAME);
}
