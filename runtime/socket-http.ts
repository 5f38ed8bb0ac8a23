/**
 * The smallest HTTP/1.1 server a JsonEndpoint on a Unix socket needs (`nanoprobe status`): one GET per connection,
 * answered with `connection: close`. Built on node:net so that a nanoprobe never loads node:http (≈1 MiB of RSS:
 * docs/operations.md "nanoprobe footprint"); the CMA's TCP API keeps node:http.
 */
import { createServer, type Server, type Socket } from 'node:net';

/** Largest request head accepted (a GET with a short path); longer is answered 431 and closed. */
const MAX_HEAD_BYTES = 8_192;

const REASONS: Readonly<Record<number, string>> = { 200: 'OK', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 431: 'Request Header Fields Too Large', 500: 'Internal Server Error' };

/** Answers one request: method and request target in, status and JSON body out. */
export type SocketHttpHandler = (method: string, target: string) => Promise<{ readonly status: number; readonly body: unknown }>;

function respond(socket: Socket, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const head = `HTTP/1.1 ${status} ${REASONS[status] ?? 'Status'}\r\ncontent-type: application/json\r\ncontent-length: ${payload.length}\r\nconnection: close\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
}

/** A net.Server speaking just enough HTTP/1.1; `open` holds the live connections (for a prompt stop). */
export function createSocketHttpServer(handle: SocketHttpHandler): { server: Server; open: Set<Socket> } {
  const open = new Set<Socket>();
  const server = createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) {
          socket.off('data', onData);
          respond(socket, 431, { error: 'request head too large' });
        }
        return;
      }
      socket.off('data', onData);
      const [method = '', target = '', version = ''] = (head.slice(0, head.indexOf('\r\n')) || head.slice(0, end)).split(' ');
      if (!version.startsWith('HTTP/1.') || !target.startsWith('/')) {
        respond(socket, 400, { error: 'not an HTTP/1.x request' });
        return;
      }
      void handle(method, target).then(({ status, body }) => {
        if (!socket.destroyed) respond(socket, status, body);
      });
    };
    socket.on('data', onData);
  });
  return { server, open };
}
