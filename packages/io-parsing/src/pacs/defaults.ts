/**
 * Named constants of the PACS clients and of the local Orthanc, with units.
 */

/** Idle time-out of a PACS exchange (no response headers, or no body bytes, for this long), ms. */
export const DEFAULT_PACS_TIMEOUT_MS = 30_000;

/** The transfer syntax asked of WADO-RS by default: `*`, as the PACS stores it (no transcoding). */
export const DEFAULT_WADO_TRANSFER_SYNTAX = '*';

/** How long the local Orthanc may take to answer GET /system after it is spawned, ms. */
export const ORTHANC_READY_TIMEOUT_MS = 30_000;

/** Interval between two GET /system polls while Orthanc starts, ms. */
export const ORTHANC_POLL_INTERVAL_MS = 50;

/** How long Orthanc may take to exit after SIGTERM before it is sent SIGKILL, ms. */
export const ORTHANC_STOP_GRACE_MS = 5_000;

/** The Orthanc binary of the Debian package `orthanc`. */
export const ORTHANC_BINARY = '/usr/sbin/Orthanc';

/** The DICOMweb plugin of the Debian package `orthanc-dicomweb`. */
export const ORTHANC_DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/** The DICOMweb root path the local Orthanc serves. */
export const ORTHANC_DICOMWEB_ROOT = '/dicom-web/';

/** AE title of the local Orthanc's DICOM server, and the one the C-GET client calls from. */
export const ORTHANC_AE_TITLE = 'RHENIUM_PACS';
export const DIMSE_CLIENT_AE_TITLE = 'RHENIUM_SCU';
