import { connect, type Socket } from 'node:net';

export type RawAnswer = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

/**
 * Sends one request exactly as given, byte for byte (fetch would percent-encode a raw byte or refuse
 * it), and reads the answer until the server closes the connection.
 */
export function rawRequest(baseUrl: string, head: Buffer): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname, () => socket.end(head));
  return answerOn(socket);
}

/** The answer the server writes on a socket, read until it closes the connection. */
export function answerOn(socket: Socket): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [headText, ...bodyParts] = text.split('\r\n\r\n');
      const [statusLine, ...headerLines] = headText.split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      const body = bodyParts.join('\r\n\r\n');
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: body ? (JSON.parse(body) as RawAnswer['body']) : {} });
    });
  });
}

/** `GET <target>` over HTTP/1.1 with a bearer token; `target` may hold any bytes. */
export const rawGet = (baseUrl: string, target: Buffer, token: string): Promise<RawAnswer> =>
  rawRequest(
    baseUrl,
    Buffer.concat([Buffer.from('GET '), target, Buffer.from(` HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`)]),
  );
