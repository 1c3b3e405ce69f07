/**
 * Quality figures of a reconstruction against its ground truth.
 */
import { checkLength } from './validate';

/**
 * Root-mean-square error sqrt(mean((a - b)^2)) over all pixels (scikit-image's convention
 * for its reference figures: the whole image, zeros outside the circle included).
 * @example rmsError(Float64Array.of(1, 2), Float64Array.of(1, 4)) // sqrt(2) ≈ 1.414
 */
export function rmsError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkLength('rmsError: second array', b, a.length, 'as many values as the first');
  let acc = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    acc += d * d;
  }
  return Math.sqrt(acc / a.length);
}
