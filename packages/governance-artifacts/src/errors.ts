/**
 * Error catalogue of the governance-artifacts package.
 */
export const GOVERNANCE_ERROR_CODES = Object.freeze({
  RPERF_GOV_INVALID_DATA: 'card, register or audit-log data (or an injected timestamp) does not match its JSON Schema or a rule the schema cannot express',
  RPERF_GOV_AUDIT_BROKEN: 'an audit log hash chain does not verify (an entry was edited, removed, reordered or inserted)',
  RPERF_GOV_ASSET_MISSING: 'a template, schema or data file of the package cannot be found or read',
} as const);

export type GovernanceErrorCode = keyof typeof GOVERNANCE_ERROR_CODES;

/**
 * A coded error of this package. `issues` lists `path: problem` lines (JSON pointer paths
 * such as `/risks/3/severity`) when the error comes from validation.
 */
export class GovernanceError extends Error {
  override readonly name = 'GovernanceError';
  constructor(
    readonly code: GovernanceErrorCode,
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
  }

  /** JSON pointer of the first problem (`/risks/3/severity`), or null. */
  get path(): string | null {
    const first = this.issues[0];
    if (first === undefined) return null;
    const colon = first.indexOf(': ');
    return colon === -1 ? first : first.slice(0, colon);
  }
}
