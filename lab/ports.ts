// Free TCP ports on 127.0.0.1. The lab never uses fixed ports, so several labs (a person's and a
// test run's) can run side by side.
import { createServer } from 'node:net';

/** Ports handed out by this process, never handed out twice even if not yet bound. */
const given = new Set<number>();

function askKernel(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port from the kernel'));
      });
    });
  });
}

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await askKernel();
    if (!given.has(port)) {
      given.add(port);
      return port;
    }
  }
}
