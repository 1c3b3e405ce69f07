/**
 * Helpers for `verify`: build quality figures and fail the case when a bound is not met.
 */
import type { QualityFigure } from '@rhenium-perf/schema';
import { VerifyError } from './errors';

/** A quality figure without a bound. */
export function quality(value: number, unit: string, higherIsBetter: boolean): QualityFigure {
  return { value, unit, higher_is_better: higherIsBetter, threshold: null };
}

/**
 * A quality figure checked against a bound: `max` for errors (value <= max), `min` for
 * scores (value >= min). Throws a `VerifyError` naming the figure, its value and the bound.
 * @example expectQuality('nrmse', 3e-7, { max: 1e-6 }) // { value: 3e-7, unit: '', higher_is_better: false, threshold: 1e-6 }
 */
export function expectQuality(
  name: string,
  value: number,
  bound: { max: number; unit?: string } | { min: number; unit?: string },
): QualityFigure {
  const unit = bound.unit ?? '';
  if ('max' in bound) {
    if (!(value <= bound.max)) throw new VerifyError(`${name} = ${value}${unit ? ' ' + unit : ''} exceeds the allowed maximum ${bound.max}`);
    return { value, unit, higher_is_better: false, threshold: bound.max };
  }
  if (!(value >= bound.min)) throw new VerifyError(`${name} = ${value}${unit ? ' ' + unit : ''} is below the required minimum ${bound.min}`);
  return { value, unit, higher_is_better: true, threshold: bound.min };
}
