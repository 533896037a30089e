/** The bench and the queue tests start their redis-server the same way. */
export { startRedis, type RedisTls, type TestRedis } from '../../../bench/redis-server.js';
