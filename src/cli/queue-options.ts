import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_QUEUE_NAME, queueNameProblem } from '../queue/names.js';
import { redisUrlProblem } from '../queue/redis-url.js';

/** `--queue` and `--queue-name`, as commander parses them. */
export interface QueueFlags {
  queue?: string;
  queueName: string;
}

function queueUrl(value: string): string {
  const problem = redisUrlProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

function queueName(value: string): string {
  const problem = queueNameProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

/** `--queue <url>`: the queue's Redis (its password never printed back, even in a usage error). */
export function queueOption(description: string): Option {
  return new Option('--queue <url>', description).argParser(queueUrl);
}

/** `--queue-name <name>`. */
export function queueNameOption(): Option {
  return new Option('--queue-name <name>', 'the queue within that Redis').argParser(queueName).default(DEFAULT_QUEUE_NAME);
}
