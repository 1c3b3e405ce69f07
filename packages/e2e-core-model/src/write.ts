/**
 * The write stage: the label map (NIfTI-1, intent LABEL) and the dossier (JSON), as one
 * all-or-nothing step. Both are first written to temporary files beside their targets, then
 * renamed into place; on any failure every temporary file (and a target already renamed in
 * this call) is removed, so a failed run leaves no partial output behind. Without a dossier
 * (`dossier: false`) the label map alone is written the same way.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { temporaryPathFor, writeNifti } from '@rhenium-perf/serialization';
import type { Dossier, LabelMap } from '@rhenium-perf/xai-dossier';
import { PipelineError } from './errors';

/** Write both outputs atomically; returns the paths. */
export async function writeOutputs(labelMap: LabelMap, dossier: Dossier, labelPath: string, dossierPath: string): Promise<{ labelMap: string; dossier: string }> {
  const tmpLabel = temporaryPathFor(labelPath);
  const tmpDossier = temporaryPathFor(dossierPath);
  let current = labelPath;
  let renamedLabel = false;
  try {
    for (const dir of new Set([dirname(labelPath), dirname(dossierPath)])) {
      current = dir;
      await mkdir(dir, { recursive: true });
    }
    current = labelPath;
    await writeNifti(tmpLabel, labelMap, { gzip: labelPath.endsWith('.gz'), labelMap: true, descrip: `rhenium label map ${dossier.id}`.slice(0, 79) });
    current = dossierPath;
    await writeFile(tmpDossier, JSON.stringify(dossier, null, 2) + '\n', 'utf8');
    current = labelPath;
    await rename(tmpLabel, labelPath);
    renamedLabel = true;
    current = dossierPath;
    await rename(tmpDossier, dossierPath);
    return { labelMap: labelPath, dossier: dossierPath };
  } catch (e) {
    await Promise.all([rm(tmpLabel, { force: true }), rm(tmpDossier, { force: true }), renamedLabel ? rm(labelPath, { force: true }) : null]).catch(() => undefined);
    const msg = (e as Error).message;
    throw new PipelineError('RPERF_E2E_WRITE_FAILED', 'write', current, `cannot write the output (${msg}); check the folder exists and is writable — no output was left behind`, { cause: e });
  }
}

/** Write the label map alone (a run without a dossier), atomically; returns its path. */
export async function writeLabelMap(labelMap: LabelMap, labelPath: string): Promise<{ labelMap: string }> {
  const tmpLabel = temporaryPathFor(labelPath);
  let current = dirname(labelPath);
  try {
    await mkdir(current, { recursive: true });
    current = labelPath;
    await writeNifti(tmpLabel, labelMap, { gzip: labelPath.endsWith('.gz'), labelMap: true, descrip: 'rhenium label map' });
    await rename(tmpLabel, labelPath);
    return { labelMap: labelPath };
  } catch (e) {
    await rm(tmpLabel, { force: true }).catch(() => undefined);
    const msg = (e as Error).message;
    throw new PipelineError('RPERF_E2E_WRITE_FAILED', 'write', current, `cannot write the output (${msg}); check the folder exists and is writable — no output was left behind`, { cause: e });
  }
}
