/**
 * NIfTI orientation: qform quaternion <-> affine, and the affine a header implies.
 *
 * qform (method 2 of nifti1.h): with b, c, d the quaternion and a = sqrt(1 - b^2 - c^2 - d^2),
 *
 *   R = [ a²+b²-c²-d²   2(bc-ad)      2(bd+ac)    ]
 *       [ 2(bc+ad)      a²+c²-b²-d²   2(cd-ab)    ]
 *       [ 2(bd-ac)      2(cd+ab)      a²+d²-b²-c² ]
 *
 *   [x y z]ᵀ = R · diag(pixdim1, pixdim2, qfac · pixdim3) · [i j k]ᵀ + qoffset,
 *
 * qfac = pixdim[0] (-1 for a left-handed grid, anything else 1). sform (method 3) is the
 * 3x4 matrix srow_x/y/z itself; method 1 (no codes) is diag(pixdim1..3).
 */
import type { NiftiHeader } from './types';

/** Affine (4x4 row-major) from a qform quaternion, offsets, voxel sizes and qfac. */
export function quaternToAffine(
  quatern: readonly [number, number, number],
  qoffset: readonly [number, number, number],
  voxelMm: readonly [number, number, number],
  qfac: number,
): number[] {
  let [b, c, d] = quatern;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // NOTE: nifti1_io's rule: a 180-degree rotation, renormalise (b, c, d) and take a = 0.
    const n = Math.sqrt(b * b + c * c + d * d) || 1;
    b /= n;
    c /= n;
    d /= n;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const [dx, dy, dz0] = voxelMm.map((v) => (v > 0 ? v : 1)) as [number, number, number];
  const dz = qfac < 0 ? -dz0 : dz0;
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const out: number[] = [];
  for (let row = 0; row < 3; row++) out.push(r[row]![0]! * dx, r[row]![1]! * dy, r[row]![2]! * dz, qoffset[row]!);
  out.push(0, 0, 0, 1);
  return out;
}

/**
 * The qform of an affine: quaternion, offsets, voxel sizes and qfac (nifti_mat44_to_quatern).
 * The 3x3 part is orthonormalised (Gram–Schmidt on its columns) first, so a sheared affine
 * gets the nearest rotation; the sform keeps the exact matrix.
 */
export function affineToQuatern(affine: readonly number[]): {
  quatern: [number, number, number];
  qoffset: [number, number, number];
  voxelMm: [number, number, number];
  qfac: 1 | -1;
} {
  const col = (j: number): [number, number, number] => [affine[j]!, affine[4 + j]!, affine[8 + j]!];
  const norm = (v: number[]): number => Math.hypot(v[0]!, v[1]!, v[2]!);
  const cols = [col(0), col(1), col(2)];
  const voxelMm = cols.map((v) => norm(v) || 1) as [number, number, number];
  const unit = cols.map((v, j) => (norm(v) === 0 ? ([j === 0 ? 1 : 0, j === 1 ? 1 : 0, j === 2 ? 1 : 0] as number[]) : v.map((x) => x / voxelMm[j]!)));
  // Gram–Schmidt.
  const dot = (p: number[], q: number[]): number => p[0]! * q[0]! + p[1]! * q[1]! + p[2]! * q[2]!;
  const u0 = unit[0]!;
  let u1 = unit[1]!.map((x, i) => x - dot(unit[1]!, u0) * u0[i]!);
  u1 = u1.map((x) => x / (norm(u1) || 1));
  let u2 = unit[2]!.map((x, i) => x - dot(unit[2]!, u0) * u0[i]! - dot(unit[2]!, u1) * u1[i]!);
  u2 = u2.map((x) => x / (norm(u2) || 1));
  const det =
    u0[0]! * (u1[1]! * u2[2]! - u1[2]! * u2[1]!) - u1[0]! * (u0[1]! * u2[2]! - u0[2]! * u2[1]!) + u2[0]! * (u0[1]! * u1[2]! - u0[2]! * u1[1]!);
  const qfac: 1 | -1 = det > 0 ? 1 : -1;
  if (qfac < 0) u2 = u2.map((x) => -x);
  // r[row][col]
  const r11 = u0[0]!, r21 = u0[1]!, r31 = u0[2]!;
  const r12 = u1[0]!, r22 = u1[1]!, r32 = u1[2]!;
  const r13 = u2[0]!, r23 = u2[1]!, r33 = u2[2]!;
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { quatern: [b, c, d], qoffset: [affine[3]!, affine[7]!, affine[11]!], voxelMm, qfac };
}

/** The affine a header implies: sform when sform_code > 0, else qform when qform_code > 0, else pixdim. */
export function headerAffine(h: NiftiHeader): { affine: number[]; source: 'sform' | 'qform' | 'pixdim' } {
  const finite = (xs: readonly number[]): boolean => xs.every(Number.isFinite);
  if (h.sformCode > 0 && finite(h.srow)) {
    return { affine: [...h.srow, 0, 0, 0, 1], source: 'sform' };
  }
  const vox: [number, number, number] = [h.pixdim[1] ?? 1, h.pixdim[2] ?? 1, h.pixdim[3] ?? 1];
  if (h.qformCode > 0 && finite(h.quatern) && finite(h.qoffset) && finite(vox)) {
    return { affine: quaternToAffine(h.quatern, h.qoffset, vox, h.pixdim[0] ?? 1), source: 'qform' };
  }
  const s = vox.map((v) => (Number.isFinite(v) && v > 0 ? v : 1));
  return { affine: [s[0]!, 0, 0, 0, 0, s[1]!, 0, 0, 0, 0, s[2]!, 0, 0, 0, 0, 1], source: 'pixdim' };
}

/** `[sz, sy, sx]`: the column norms of an affine, slowest axis first. */
export function affineSpacing(affine: readonly number[]): [number, number, number] {
  const n = (j: number): number => Math.hypot(affine[j]!, affine[4 + j]!, affine[8 + j]!);
  return [n(2), n(1), n(0)];
}
