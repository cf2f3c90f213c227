/** Writing to a response (or any Writable) with backpressure: a slow client slows the reads. */
import type { Writable } from 'node:stream';

/** The client went away: stop reading rows. */
export class SinkClosed extends Error {
  constructor() {
    super('the download was closed before it finished');
  }
}

/** Writes a chunk; waits for `drain` when the sink's buffer is full. */
export async function write(sink: Writable, chunk: string | Uint8Array): Promise<void> {
  if (sink.destroyed || sink.writableEnded) throw new SinkClosed();
  if (sink.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (err?: unknown) => {
      sink.off('drain', onDrain);
      sink.off('close', onClose);
      sink.off('error', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new SinkClosed());
    sink.on('drain', onDrain);
    sink.on('close', onClose);
    sink.on('error', onClose);
  });
}

/** Ends the sink and waits until everything was handed to the OS. */
export function finish(sink: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (sink.destroyed) return reject(new SinkClosed());
    sink.end(() => resolve());
  });
}
