/** The few stream operations the CLI needs, behind types small enough to fake in tests. */

/** Where the CLI writes: process.stdout / process.stderr, or a test double. */
export interface Sink {
  write(chunk: string | Uint8Array, callback?: (err?: Error | null) => void): boolean;
  /** True for a terminal (only then is a progress line drawn). */
  isTTY?: boolean;
  on?(event: "error", listener: (err: Error) => void): unknown;
}

/** Where `-` reads from: process.stdin, or any async iterable of chunks in tests. */
export type Source = AsyncIterable<Uint8Array | string>;

/** Thrown when stdout was closed under us (e.g. `apsheet parse … | head`). */
export class OutputClosedError extends Error {
  constructor(cause: Error) {
    super(`output closed: ${cause.message}`, { cause });
    this.name = "OutputClosedError";
  }
}

/**
 * Writes one chunk and resolves once the stream has taken it (its write callback),
 * so a caller that awaits every write never leaves data behind when main() returns.
 */
export function writeTo(sink: Sink, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      sink.write(chunk, (err) => {
        if (!err) resolve();
        else if ((err as NodeJS.ErrnoException).code === "EPIPE") reject(new OutputClosedError(err));
        else reject(err);
      });
    } catch (err) {
      reject(err);
    }
  });
}

/** Reads a whole source into one byte array, refusing more than maxBytes (then `onTooLarge` decides what to throw). */
export async function readAll(source: Source, maxBytes: number, onTooLarge: (size: number) => Error): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > maxBytes) throw onTooLarge(size);
    chunks.push(bytes);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}
