import type { Server } from 'node:http';

/** Starts listening; rejects (e.g. EADDRINUSE) without leaving a listener behind. */
export function listenOn(http: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => reject(error);
    http.once('error', fail);
    http.listen({ port, host }, () => {
      http.off('error', fail);
      resolve();
    });
  });
}

/** The bound port, or 0 before `listen`. */
export function boundPort(http: Server): number {
  const address = http.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}
