import { Queue } from 'bullmq';
import { openRedis, type QueueConnection } from './connection.js';

/**
 * How many workers are listening on the queue now (BullMQ reads Redis' client list), or null
 * when Redis does not say (a managed Redis that forbids CLIENT LIST).
 */
export async function countWorkers(connection: QueueConnection, queueName: string): Promise<number | null> {
  const redis = openRedis(connection, { blocking: false });
  const queue = new Queue(queueName, { connection: redis });
  queue.on('error', () => {});
  try {
    return await queue.getWorkersCount();
  } catch {
    return null;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
