/**
 * A streaming reader of `multipart/related` bodies (RFC 2046 5.1, RFC 2387), the envelope of
 * WADO-RS responses and STOW-RS requests (PS3.18 8.6.1.2): parts are yielded as soon as their
 * closing boundary has arrived, so the first slice of a series can be decoded while the rest
 * is still on the wire.
 *
 * The body is `--B CRLF headers CRLF CRLF bytes CRLF --B CRLF ... bytes CRLF --B--`; a part's
 * bytes end at the first `CRLF--B` after them (a boundary is chosen so that it never occurs
 * inside a part). A body that ends before the closing delimiter `--B--` is truncated: the
 * reader throws instead of returning the parts it saw, so a cut connection never passes for
 * a shorter series.
 *
 * NOTE: written here rather than taken from npm: the small maintained readers (meros) join
 * every chunk onto what is buffered (quadratic on a 100 MB series) and end quietly on a body
 * without its closing delimiter; busboy and its kind read multipart/form-data only.
 */

/** One part of a multipart body: its headers (names lower-cased) and its bytes. */
export interface MultipartPart {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** Why a multipart body cannot be read; `reason` is one line. */
export class MultipartError extends Error {
  override readonly name = 'MultipartError';
  constructor(
    readonly kind: 'no-boundary' | 'truncated' | 'malformed',
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Bytes of one part, at most: a single DICOM instance over 2 GiB is not read into memory. */
export const MAX_MULTIPART_PART_BYTES = 2 ** 31 - 1;

/**
 * The boundary of a `multipart/...` Content-Type (quoted or not), or null.
 * @example boundaryOf('multipart/related; type="application/dicom"; boundary=abc') // 'abc'
 */
export function boundaryOf(contentType: string | null | undefined): string | null {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]!) : null;
}

/** A growable byte buffer that appends without re-copying what it holds each time. */
class ByteQueue {
  private buf = new Uint8Array(64 * 1024);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.end - this.start;
      const need = live + chunk.length;
      // Grow by doubling (amortised linear), or just compact when there is room.
      const next = need > this.buf.length / 2 ? new Uint8Array(Math.max(need, this.buf.length * 2)) : this.buf;
      next.set(this.buf.subarray(this.start, this.end), 0);
      this.buf = next;
      this.start = 0;
      this.end = live;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  view(): Uint8Array {
    return this.buf.subarray(this.start, this.end);
  }

  /** Remove `n` bytes from the front and return a copy of them. */
  take(n: number): Uint8Array {
    const out = this.buf.slice(this.start, this.start + n);
    this.start += n;
    return out;
  }

  drop(n: number): void {
    this.start += n;
  }
}

/** Index of `needle` in `hay` from `from`, or -1. */
function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  return Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength).indexOf(needle, from);
}

function parseHeaders(bytes: Uint8Array): Record<string, string> {
  const headers: Record<string, string> = {};
  const text = new TextDecoder('latin1').decode(bytes);
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError('malformed', `a part header line has no name: ${JSON.stringify(line.slice(0, 60))}`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

const enc = new TextEncoder();
const HEADER_END = enc.encode('\r\n\r\n');

/**
 * Read the parts of a multipart body as they arrive.
 * @example for await (const part of readMultipart(response.body, boundaryOf(ct)!)) decode(part.body)
 */
export async function* readMultipart(body: AsyncIterable<Uint8Array>, boundary: string): AsyncGenerator<MultipartPart> {
  // The first delimiter may open the body (no CRLF before it); the later ones follow a CRLF.
  const first = enc.encode(`--${boundary}`);
  const delimiter = enc.encode(`\r\n--${boundary}`);
  const q = new ByteQueue();
  type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';
  // NOTE: `as State`: step() changes it, which the control-flow narrowing here cannot see.
  let state = 'preamble' as State;
  let headers: Record<string, string> = {};
  let scanFrom = 0;
  let received = 0;

  const step = (): MultipartPart | null | 'more' => {
    const v = q.view();
    if (state === 'preamble') {
      const at = v.length >= first.length && indexOf(v.subarray(0, first.length), first, 0) === 0 ? 0 : indexOf(v, delimiter, 0);
      if (at < 0) {
        // Keep the tail that may hold the start of the delimiter.
        if (v.length > delimiter.length) q.drop(v.length - delimiter.length);
        return 'more';
      }
      q.drop(at + (at === 0 && v[0] === 0x2d ? first.length : delimiter.length));
      state = 'after-delimiter';
      return null;
    }
    if (state === 'after-delimiter') {
      if (v.length < 2) return 'more';
      if (v[0] === 0x2d && v[1] === 0x2d) {
        state = 'done';
        return null;
      }
      // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
      let k = 0;
      while (k < v.length && (v[k] === 0x20 || v[k] === 0x09)) k++;
      if (v.length < k + 2) return 'more';
      if (v[k] !== 0x0d || v[k + 1] !== 0x0a) throw new MultipartError('malformed', `a boundary line is followed by ${JSON.stringify(new TextDecoder('latin1').decode(v.subarray(0, 16)))}, not CRLF`);
      q.drop(k + 2);
      state = 'headers';
      return null;
    }
    if (state === 'headers') {
      // A part without headers starts directly with the blank line.
      if (v.length >= 2 && v[0] === 0x0d && v[1] === 0x0a) {
        q.drop(2);
        headers = {};
        state = 'body';
        scanFrom = 0;
        return null;
      }
      const end = indexOf(v, HEADER_END, 0);
      if (end < 0) {
        if (v.length > 64 * 1024) throw new MultipartError('malformed', 'a part has more than 64 KiB of headers (no blank line ending them)');
        return 'more';
      }
      headers = parseHeaders(v.subarray(0, end));
      q.drop(end + HEADER_END.length);
      state = 'body';
      scanFrom = 0;
      return null;
    }
    if (state === 'body') {
      const at = indexOf(v, delimiter, scanFrom);
      if (at < 0) {
        if (v.length > MAX_MULTIPART_PART_BYTES) throw new MultipartError('malformed', `a part is over ${MAX_MULTIPART_PART_BYTES} bytes`);
        // Search again only where a delimiter could still start.
        scanFrom = Math.max(0, v.length - delimiter.length + 1);
        return 'more';
      }
      const part = { headers, body: q.take(at) };
      q.drop(delimiter.length);
      state = 'after-delimiter';
      return part;
    }
    return 'more';
  };

  for await (const chunk of body) {
    received += chunk.length;
    if (state === 'done') continue; // the epilogue is ignored
    q.push(chunk);
    for (;;) {
      const r = step();
      if (r === 'more') break;
      if (r) yield r;
      if ((state as State) === 'done') break;
    }
  }
  if (state !== 'done') {
    const where = state === 'preamble' ? 'before its first boundary' : state === 'body' ? 'inside a part' : state === 'headers' ? "inside a part's headers" : 'after a boundary line';
    throw new MultipartError('truncated', `the multipart body ends ${where}, after ${received} bytes, without its closing boundary --${boundary}--`);
  }
}

/**
 * A multipart body of `parts` (each with its Content-Type), for a STOW-RS request; the
 * boundary must not occur in any part (a random one of 32 hex digits does not, in practice,
 * and is checked).
 * @example encodeMultipart([dcm1, dcm2], 'application/dicom', boundary)
 */
export function encodeMultipart(parts: readonly Uint8Array[], contentType: string, boundary: string): Uint8Array {
  const open = enc.encode(`--${boundary}\r\nContent-Type: ${contentType}\r\n\r\n`);
  const sep = enc.encode(`\r\n--${boundary}\r\nContent-Type: ${contentType}\r\n\r\n`);
  const close = enc.encode(`\r\n--${boundary}--\r\n`);
  const delimiter = enc.encode(`\r\n--${boundary}`);
  let total = close.length;
  parts.forEach((p, k) => {
    if (indexOf(p, delimiter, 0) >= 0) throw new MultipartError('malformed', `part ${k + 1} contains the boundary ${boundary}; choose another`);
    total += (k === 0 ? open.length : sep.length) + p.length;
  });
  const out = new Uint8Array(total);
  let o = 0;
  parts.forEach((p, k) => {
    const head = k === 0 ? open : sep;
    out.set(head, o);
    o += head.length;
    out.set(p, o);
    o += p.length;
  });
  out.set(close, o);
  return out;
}
