/** A port on 127.0.0.1 where nothing listens, so a connect is refused (ECONNREFUSED). */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * Binds port 0, notes the port and releases it. Another process could take it in between; on a
 * test machine that is rare enough, and the test would then fail loudly rather than pass wrongly.
 */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
