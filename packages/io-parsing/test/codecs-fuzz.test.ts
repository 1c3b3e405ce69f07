/**
 * Randomised bad codestreams: the project's compressed files (one per codec, 2 frames) with
 * bytes of their pixel data flipped, overwritten or cut, decoded after the codecs are loaded.
 * Every input must give an image of the declared size or a typed IoError — never another
 * exception, a crash or a hang. Seeded, so a failure reproduces.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '@rhenium-perf/fixtures';
import { encodeFrames, loadDicomDecoders } from '../src/codecs';
import { decodeDicom } from '../src/dicom-read';
import { encodeDicomImage } from '../src/dicom-write';
import { IoError } from '../src/errors';

const CASES = [
  ['1.2.840.10008.1.2.4.50', 8],
  ['1.2.840.10008.1.2.4.51', 12],
  ['1.2.840.10008.1.2.4.70', 16],
  ['1.2.840.10008.1.2.4.80', 16],
  ['1.2.840.10008.1.2.4.90', 16],
  ['1.2.840.10008.1.2.4.201', 12],
] as const;

const ROUNDS = 300;

describe('mutated codestreams: an image or a typed IoError', () => {
  for (const [uid, bits] of CASES) {
    it(`${uid} (${bits}-bit): ${ROUNDS} mutations`, async () => {
      const rows = 32;
      const columns = 32;
      const n = rows * columns * 2;
      const px = bits === 8 ? Uint8Array.from({ length: n }, (_, i) => (i * 7) % 251) : Uint16Array.from({ length: n }, (_, i) => ((i * 37) % 4000) + (bits === 16 ? 30000 : 0));
      const cs = await encodeFrames(uid, px, { rows, columns, bitsStored: bits });
      const file = encodeDicomImage({ rows, columns, frames: 2, pixels: px, bitsStored: bits, seriesInstanceUid: '2.25.88', transferSyntaxUid: uid, encapsulated: { frames: cs } });
      await loadDicomDecoders([uid]);
      // The pixel data: from after the Basic Offset Table item to the end.
      const start = file.length - cs.reduce((a, c) => a + c.length + (c.length % 2) + 8, 0) - 8;
      const rng = createRng(1600 + Number(uid.split('.').pop()));
      let images = 0;
      for (let round = 0; round < ROUNDS; round++) {
        let bytes = new Uint8Array(file);
        const kind = round % 3;
        const at = start + Math.floor(rng.next() * (file.length - start));
        if (kind === 0) bytes[at] = bytes[at]! ^ (1 << Math.floor(rng.next() * 8));
        else if (kind === 1) for (let k = 0; k < 8 && at + k < bytes.length; k++) bytes[at + k] = Math.floor(rng.next() * 256);
        else bytes = bytes.subarray(0, at);
        try {
          const im = decodeDicom(bytes, 'fuzz.dcm');
          expect(im.pixels.length).toBe(n);
          images++;
        } catch (e) {
          if (!(e instanceof IoError)) throw new Error(`round ${round} (${['bit flip', 'overwrite', 'cut'][kind]} at ${at}): ${String(e)}`);
          expect(e.message).not.toContain('\n');
        }
      }
      expect(images).toBeLessThan(ROUNDS);
    }, 60_000);
  }
});
