import net from 'node:net';

/** What came back on a raw connection: the status line's code (0 when none) and the whole text. */
export interface RawReply {
  status: number;
  text: string;
}

export interface RawSendOptions {
  /** Sent after `pauseMs` (a slow body); omitted: everything at once. */
  rest?: string | Buffer;
  pauseMs?: number;
  /** Close the socket from our side after sending (an aborted request); no reply is awaited. */
  abort?: boolean;
  /** Give up waiting for the reply after this long. */
  timeoutMs?: number;
}

/** Sends exact bytes to 127.0.0.1:port, so that broken requests reach the server as a client or proxy would send them. */
export function sendRaw(port: number, head: string | Buffer, options: RawSendOptions = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    };
    const timer = setTimeout(done, options.timeoutMs ?? 10_000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One reply is all we wait for: headers plus the body its Content-Length announces.
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const length = Number(/content-length:\s*(\d+)/i.exec(text)?.[1] ?? NaN);
      if (split >= 0 && Number.isFinite(length) && Buffer.byteLength(text.slice(split + 4)) >= length) done();
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', (error) => (finished ? undefined : chunks.length > 0 ? done() : reject(error)));
    socket.write(head, () => {
      const finish = () => {
        if (options.abort) {
          socket.destroy();
          done();
        }
      };
      if (options.rest === undefined) return finish();
      setTimeout(() => {
        if (!socket.destroyed) socket.write(options.rest!, finish);
      }, options.pauseMs ?? 0);
    });
  });
}

/** Request head for a POST with the given headers (Host and Connection added). */
export function postHead(path: string, headers: Record<string, string | number>): string {
  const lines = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
