// Refusing an upload before reading it: the refusal goes out while the client is still sending, and a client
// that cannot read a response mid-upload (Node's fetch, many scripts) then sees the connection reset instead
// of the 413 and its reason. Reading what it sends (dropped, never held) up to a cap lets every client see it.

/** Past this the connection is left to close: a refused multi-gigabyte upload is not worth receiving. */
const DISCARD_CAP_BYTES = 64 * 1024 ** 2;

export async function discardBody(body: ReadableStream<Uint8Array> | null, capBytes = DISCARD_CAP_BYTES): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  let read = 0;
  try {
    while (read <= capBytes) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to answer.
  }
}
