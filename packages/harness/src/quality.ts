/**
 * Helpers for `verify`: build quality figures and fail the case when a bound is not met.
 */
import type { QualityFigure, TargetFigure } from '@rhenium-perf/schema';
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

/**
 * A performance goal, reported with whether it was met; never fails the case (a goal missed
 * on a noisy machine is a finding, not a wrong answer). `max` for costs, `min` for rates.
 * @example target(1.14, { max: 1.0, unit: 'x' }) // { value: 1.14, unit: 'x', higher_is_better: false, target: 1, met: false }
 */
export function target(value: number, goal: { max: number; unit?: string } | { min: number; unit?: string }): TargetFigure {
  const unit = goal.unit ?? '';
  if ('max' in goal) return { value, unit, higher_is_better: false, target: goal.max, met: value <= goal.max };
  return { value, unit, higher_is_better: true, target: goal.min, met: value >= goal.min };
}

/** True for a figure made by `target`. */
export function isTargetFigure(f: QualityFigure | TargetFigure): f is TargetFigure {
  return 'met' in f && 'target' in f;
}
