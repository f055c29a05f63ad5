// Writing a report piece by piece to an open file. Each write goes to the operating system on
// libuv's thread while this thread makes the next piece, so the two overlap; one write is in
// flight at a time, so the pieces land in order and at most two are held at once.
import type { FileHandle } from 'node:fs/promises';

/**
 * Writes `chunks` in order and resolves with the bytes written. A failed write rejects with
 * `writeFailed(error)`; an error making a chunk propagates as it is (it is not the file's fault).
 */
export async function writeChunks(file: FileHandle, chunks: Iterable<string>, writeFailed: (error: unknown) => never = (error) => { throw error; }): Promise<number> {
  let inFlight: Promise<number> | null = null;
  let bytes = 0;
  try {
    for (const chunk of chunks) {
      if (inFlight !== null) bytes += await inFlight;
      inFlight = file.write(chunk, null, 'utf8').then((written) => written.bytesWritten, writeFailed);
    }
  } catch (error) {
    // A chunk could not be made: let the write before it finish, so the caller closes an idle file.
    await inFlight?.catch(() => undefined);
    throw error;
  }
  if (inFlight !== null) bytes += await inFlight;
  return bytes;
}
