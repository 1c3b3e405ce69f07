import { describe, expect, it } from 'vitest';
import { chooseAnswerFormat, isSegmentBodyType, mediaType } from './negotiate';

describe('content negotiation of POST /v1/segment', () => {
  it('no Accept, wildcards and application/json mean JSON', () => {
    for (const a of [undefined, '', '*/*', 'application/*', 'application/json', 'application/json; charset=utf-8']) {
      expect(chooseAnswerFormat(a)).toBe('json');
    }
  });

  it('picks the acceptable type of highest q; ties go to the first written', () => {
    expect(chooseAnswerFormat('application/octet-stream')).toBe('nifti');
    expect(chooseAnswerFormat('application/gzip')).toBe('nifti-gzip');
    expect(chooseAnswerFormat('application/x-gzip')).toBe('nifti-gzip');
    expect(chooseAnswerFormat('application/json;q=0.5, application/octet-stream')).toBe('nifti');
    expect(chooseAnswerFormat('application/octet-stream;q=0.2, application/gzip;q=0.9')).toBe('nifti-gzip');
    expect(chooseAnswerFormat('application/gzip, application/json')).toBe('nifti-gzip');
    expect(chooseAnswerFormat('text/html, application/octet-stream;q=0.1')).toBe('nifti');
  });

  it('nothing acceptable, or only q=0, is null (406)', () => {
    expect(chooseAnswerFormat('text/html')).toBeNull();
    expect(chooseAnswerFormat('image/png, text/*')).toBeNull();
    expect(chooseAnswerFormat('application/json;q=0')).toBeNull();
  });

  it('body types: octet-stream and gzip, with or without parameters, any case', () => {
    expect(mediaType(' Application/GZIP ; foo=bar')).toBe('application/gzip');
    expect(isSegmentBodyType('application/octet-stream')).toBe(true);
    expect(isSegmentBodyType('application/gzip; charset=binary')).toBe(true);
    expect(isSegmentBodyType('Application/X-Gzip')).toBe(true);
    expect(isSegmentBodyType('application/json')).toBe(false);
    expect(isSegmentBodyType('text/plain')).toBe(false);
    expect(isSegmentBodyType(undefined)).toBe(false);
  });
});
