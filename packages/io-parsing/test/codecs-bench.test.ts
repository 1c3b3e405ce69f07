/**
 * The cases of bench/codecs.bench.ts are well formed (one per transfer syntax, one smoke
 * case), and the smoke case runs inline and passes its check against the phantom.
 */
import { runCaseInline } from '@rhenium-perf/harness';
import { describe, expect, it } from 'vitest';
import cases from '../bench/codecs.bench';
import { SUPPORTED_TRANSFER_SYNTAX_UIDS } from '../src/index';

describe('codec bench cases', () => {
  it('one full case per supported transfer syntax but Implicit VR, Deflated and Big Endian; one smoke case', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect(c.category).toBe('io_parsing');
    expect(cases.filter((c) => c.tags.includes('smoke')).map((c) => c.id)).toEqual(['io_codec_series_ct_jpeg_ls_8x64x64']);
    const full = cases.filter((c) => !c.tags.includes('smoke'));
    const uids = full.map((c) => c.params.transfer_syntax).sort();
    expect(uids).toEqual(SUPPORTED_TRANSFER_SYNTAX_UIDS.filter((u) => !['1.2.840.10008.1.2', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2'].includes(u)).sort());
  });

  it('the smoke case passes inline: exact volume, MB/s and time to first slice reported', async () => {
    const result = await runCaseInline(cases.find((c) => c.tags.includes('smoke'))!, { mode: 'smoke', project: 'io-parsing' });
    expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
    expect(result.quality.max_abs_error?.value).toBe(0);
    expect(result.quality.mb_per_s?.value).toBeGreaterThan(0);
    expect(result.quality.time_to_first_slice_ms?.value).toBeGreaterThan(0);
    expect(result.metadata.file_mb_per_s).toBeGreaterThan(0);
  }, 60_000);
});
