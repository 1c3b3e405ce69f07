/**
 * sha256 digests of artifacts.
 */
import { createHash } from 'node:crypto';

/**
 * sha256 of a string (as UTF-8) or bytes, as lower-case hex.
 * @example sha256Hex('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Size in bytes of a string encoded as UTF-8 (or of bytes). */
export function byteLength(content: string | Uint8Array): number {
  return typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.byteLength;
}
