/**
 * Content negotiation of `POST /v1/segment`: which answer the client's Accept header asks
 * for, and whether its Content-Type is a body the route reads.
 */
import { SEGMENT_BODY_TYPES } from './defaults';
import type { SegmentAnswerFormat } from './types';

const FORMAT_OF_TYPE: Readonly<Record<string, SegmentAnswerFormat>> = Object.freeze({
  'application/json': 'json',
  'application/octet-stream': 'nifti',
  'application/gzip': 'nifti-gzip',
  'application/x-gzip': 'nifti-gzip',
});

/** Media types the segment route can answer with, in order of preference for wildcards. */
export const SEGMENT_ANSWER_TYPES = Object.freeze(Object.keys(FORMAT_OF_TYPE));

/** The media type (lower case, without parameters) of a Content-Type or Accept entry. */
export function mediaType(header: string): string {
  return header.split(';', 1)[0]!.trim().toLowerCase();
}

/** True when a Content-Type names a body the segment route reads (NIfTI bytes, gzipped or not). */
export function isSegmentBodyType(contentType: string | undefined): boolean {
  return contentType !== undefined && (SEGMENT_BODY_TYPES as readonly string[]).includes(mediaType(contentType));
}

/**
 * The answer format an Accept header asks for: the acceptable type of highest q (ties: the
 * order the client wrote); `*\/*`, `application/*` or no header mean JSON. Null when nothing
 * acceptable can be produced (406).
 * @example chooseAnswerFormat('application/octet-stream, application/json;q=0.5') // 'nifti'
 */
export function chooseAnswerFormat(accept: string | undefined): SegmentAnswerFormat | null {
  if (accept === undefined || accept.trim() === '') return 'json';
  let best: { format: SegmentAnswerFormat; q: number } | null = null;
  for (const part of accept.split(',')) {
    const type = mediaType(part);
    if (type === '') continue;
    const qParam = /;\s*q\s*=\s*([0-9.]+)/i.exec(part);
    const q = qParam ? Number(qParam[1]) : 1;
    if (!(q > 0)) continue;
    const format = type === '*/*' || type === 'application/*' ? 'json' : FORMAT_OF_TYPE[type];
    if (format && (!best || q > best.q)) best = { format, q };
  }
  return best ? best.format : null;
}
