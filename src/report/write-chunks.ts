// Writing a document (a report, a collected snapshot file) piece by piece to a file. Each write
// goes to the operating system on libuv's thread while this thread makes the next piece, so the
// two overlap; one write is in flight at a time, so the pieces land in order and at most two are
// held at once.
import { open, type FileHandle } from 'node:fs/promises';

const rethrow = (error: unknown): never => {
  throw error;
};

/**
 * Writes `chunks` in order and resolves with the bytes written. A failed write rejects with
 * `writeFailed(error)`; an error making a chunk propagates as it is (it is not the file's fault).
 */
export async function writeChunks(file: FileHandle, chunks: Iterable<string>, writeFailed: (error: unknown) => never = rethrow): Promise<number> {
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

/**
 * Writes `chunks` to the file at `path` (created or emptied, closed afterwards) and resolves with
 * the bytes written; failing to open it rejects with `writeFailed(error)` too.
 */
export async function writeFileInChunks(path: string, chunks: Iterable<string>, writeFailed: (error: unknown) => never = rethrow): Promise<number> {
  const file = await open(path, 'w').catch(writeFailed);
  try {
    return await writeChunks(file, chunks, writeFailed);
  } finally {
    await file.close();
  }
}
