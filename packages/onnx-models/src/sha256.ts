/**
 * sha256 of model bytes (the identity of a model in results and caches).
 */
import { createHash } from 'node:crypto';

/**
 * Lower-case hex sha256 of some bytes.
 * @example sha256Hex(new Uint8Array()) // 'e3b0c442...b855'
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
