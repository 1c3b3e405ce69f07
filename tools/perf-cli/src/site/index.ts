export { buildSite, caseStem } from './build';
export type { SiteFiles, SiteInput } from './build';
export { caseHistories } from './history';
export type { CaseHistory, CaseRun } from './history';
export { esc } from './html';
export { checkSiteOutput, SITE_MARKER, writeSite } from './write';
