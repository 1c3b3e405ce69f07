/** The framing of the binary format: sections, vectors and names. */
import { uleb } from './leb128';

/**
 * A section: its id, the body's byte length, the body.
 * @example section(3, [1, 0]) // [3, 2, 1, 0]
 */
export function section(id: number, body: readonly number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/**
 * A vector: the item count, then the items' bytes.
 * @example vec([[0x7f], [0x7c]]) // [2, 0x7f, 0x7c]
 */
export function vec(items: readonly (readonly number[])[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

const utf8 = new TextEncoder();

/**
 * A name: its UTF-8 byte length, then the bytes.
 * @example name('bp4') // [3, 0x62, 0x70, 0x34]
 */
export function name(s: string): number[] {
  const bytes = utf8.encode(s);
  return [...uleb(bytes.length), ...bytes];
}
