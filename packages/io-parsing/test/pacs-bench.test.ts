/**
 * The PACS benchmark cases are well formed (one small smoke case, the transfer syntaxes of
 * the decoders, transcoded and C-GET routes), and the smoke case runs inline against a real
 * Orthanc and passes with its figures (skipped, reason printed, without Orthanc).
 */
import { runCaseInline } from '@rhenium-perf/harness';
import { describe, expect, it } from 'vitest';
import cases from '../bench/pacs.bench';
import { orthancUnavailable } from '../src/pacs/orthanc';

const unavailable = orthancUnavailable();
if (unavailable) console.warn(`pacs-bench.test.ts: the inline smoke run is skipped: ${unavailable}`);

describe('io-parsing PACS bench cases', () => {
  it('have distinct ids in the io_parsing category, one smoke case, every route', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.category).toBe('io_parsing');
      expect(c.tags).toContain('full');
    }
    expect(cases.filter((c) => c.tags.includes('smoke')).map((c) => c.id)).toEqual(['io_pacs_wado_explicit_le_ct_8x64x64']);
    expect(cases.map((c) => c.id).filter((id) => id.endsWith('64x256x256'))).toEqual([
      'io_pacs_wado_explicit_le_ct_64x256x256',
      'io_pacs_wado_rle_ct_64x256x256',
      'io_pacs_wado_jpeg_lossless_ct_64x256x256',
      'io_pacs_wado_jpeg_lossless_sv1_ct_64x256x256',
      'io_pacs_wado_jpegls_ct_64x256x256',
      'io_pacs_wado_jpegls_near2_ct_64x256x256',
      'io_pacs_wado_j2k_ct_64x256x256',
      'io_pacs_wado_j2k_lossy_ct_64x256x256',
      'io_pacs_wado_htj2k_ct_64x256x256',
      'io_pacs_wado_htj2k_lossy_ct_64x256x256',
      'io_pacs_wado_transcoded_implicit_le_ct_64x256x256',
      'io_pacs_wado_transcoded_jpeg_lossless_ct_64x256x256',
      'io_pacs_wado_transcoded_jpeg_lossless_sv1_ct_64x256x256',
      'io_pacs_wado_transcoded_jpegls_ct_64x256x256',
      'io_pacs_cget_explicit_le_ct_64x256x256',
    ]);
  });

  it.skipIf(unavailable !== null)('the smoke case passes inline: PACS volume = disk volume = phantom, with MB/s and the time to first slice', async () => {
    const smoke = cases.find((c) => c.tags.includes('smoke'))!;
    const result = await runCaseInline(smoke, { mode: 'smoke', project: 'io-parsing' });
    expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
    expect(result.quality.max_abs_error?.value).toBe(0);
    expect(result.quality.pacs_equals_disk?.value).toBe(1);
    expect(result.quality.pacs_mb_per_s?.value).toBeGreaterThan(0);
    expect(result.quality.disk_mb_per_s?.value).toBeGreaterThan(0);
    expect(result.quality.time_to_first_slice_ms?.value).toBeGreaterThan(0);
    expect(result.stages?.map((s) => s.name)).toEqual(['disk_read', 'pacs_first_slice', 'pacs_rest']);
  }, 120_000);
});
