/**
 * The multipart/related reader of the WADO-RS client: parts back byte for byte whatever the
 * chunking (down to one byte), binary parts holding CR, LF and "--", transport padding and a
 * preamble; a body without its closing delimiter is refused wherever it is cut.
 */
import { describe, expect, it } from 'vitest';
import { boundaryOf, encodeMultipart, MultipartError, readMultipart, type MultipartPart } from '../src/pacs/multipart';

const enc = new TextEncoder();

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let o = 0; o < bytes.length; o += size) yield bytes.slice(o, o + size);
}

async function readAll(bytes: Uint8Array, boundary: string, size: number): Promise<MultipartPart[]> {
  const parts: MultipartPart[] = [];
  for await (const p of readMultipart(chunked(bytes, size), boundary)) parts.push(p);
  return parts;
}

async function failure(bytes: Uint8Array, boundary: string, size: number): Promise<MultipartError> {
  try {
    await readAll(bytes, boundary, size);
  } catch (e) {
    expect(e).toBeInstanceOf(MultipartError);
    return e as MultipartError;
  }
  throw new Error('expected a MultipartError');
}

/** Seeded bytes including CR, LF and '-' runs, the characters of a delimiter. */
function binary(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = [0x0d, 0x0a, 0x2d, s >>> 24][s % 4]!;
  }
  return out;
}

describe('boundaryOf', () => {
  it('reads quoted and bare boundaries of multipart types only', () => {
    expect(boundaryOf('multipart/related; type="application/dicom"; boundary=abc-123')).toBe('abc-123');
    expect(boundaryOf('multipart/related; boundary="a b:c"; type="application/dicom"')).toBe('a b:c');
    expect(boundaryOf('Multipart/Related;Boundary=XyZ')).toBe('XyZ');
    expect(boundaryOf('application/dicom; boundary=abc')).toBeNull();
    expect(boundaryOf('multipart/related; type="application/dicom"')).toBeNull();
    expect(boundaryOf(null)).toBeNull();
  });
});

describe('readMultipart', () => {
  const boundary = 'b0undary-7e1f';
  const parts = [binary(1000, 1), new Uint8Array(0), binary(3, 2), enc.encode(`--${boundary}x not at a line start\r\n--b0undar`), binary(70_000, 3)];
  const body = encodeMultipart(parts, 'application/dicom', boundary);

  for (const size of [1, 7, 64, 4096, body.length]) {
    it(`gives the parts back byte for byte, in chunks of ${size} bytes`, async () => {
      const got = await readAll(body, boundary, size);
      expect(got.map((p) => p.body.length)).toEqual(parts.map((p) => p.length));
      got.forEach((p, k) => {
        expect(Buffer.compare(Buffer.from(p.body), Buffer.from(parts[k]!))).toBe(0);
        expect(p.headers).toEqual({ 'content-type': 'application/dicom' });
      });
    });
  }

  it('skips a preamble and the epilogue, accepts transport padding and headerless parts', async () => {
    const text = `preamble text\r\n--${boundary}  \r\nContent-Type: application/dicom\r\nX-Slice: 1\r\n\r\nAB\r\n--${boundary}\r\n\r\nC\r\n--${boundary}--\r\nepilogue --${boundary}`;
    const got = await readAll(enc.encode(text), boundary, 5);
    expect(got.map((p) => new TextDecoder().decode(p.body))).toEqual(['AB', 'C']);
    expect(got[0]!.headers).toEqual({ 'content-type': 'application/dicom', 'x-slice': '1' });
    expect(got[1]!.headers).toEqual({});
  });

  it('an empty multipart body (only the closing delimiter) has no part', async () => {
    expect(await readAll(encodeMultipart([], 'application/dicom', boundary), boundary, 3)).toEqual([]);
  });

  it('refuses a body cut anywhere before its closing delimiter, saying where', async () => {
    const whole = body.length;
    const cuts = [0, 10, 60, 500, whole - 70_010, whole - 5, whole - 3];
    const where = await Promise.all(cuts.map(async (n) => (await failure(body.subarray(0, n), boundary, 4096)).reason));
    expect(where[0]).toBe(`the multipart body ends before its first boundary, after 0 bytes, without its closing boundary --${boundary}--`);
    expect(where[2]).toBe(`the multipart body ends inside a part, after 60 bytes, without its closing boundary --${boundary}--`);
    expect(where[4]).toMatch(/^the multipart body ends inside a part, after \d+ bytes/);
    // Cut inside the closing delimiter "--b0undary-7e1f--": the last part is not known to be whole.
    expect(where[5]).toMatch(/ends (inside a part|after a boundary line)/);
    expect(where[6]).toMatch(/ends after a boundary line/);
    for (const w of where) expect(w).not.toMatch(/\n/);
    // The closing delimiter whole, its CRLF missing: nothing is lost.
    expect((await readAll(body.subarray(0, whole - 2), boundary, 4096)).length).toBe(parts.length);
  });

  it('refuses a malformed boundary line and a header line without a name', async () => {
    expect((await failure(enc.encode(`--${boundary}XYZ\r\n\r\nA\r\n--${boundary}--`), boundary, 64)).kind).toBe('malformed');
    const e = await failure(enc.encode(`--${boundary}\r\nno colon here\r\n\r\nA\r\n--${boundary}--`), boundary, 64);
    expect(e.reason).toBe('a part header line has no name: "no colon here"');
  });

  it('encodeMultipart refuses a part that holds the delimiter', () => {
    expect(() => encodeMultipart([enc.encode(`x\r\n--${boundary}`)], 'application/dicom', boundary)).toThrow(/part 1 contains the boundary/);
  });
});
