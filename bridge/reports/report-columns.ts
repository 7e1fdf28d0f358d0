/**
 * The figures of a period report, in the order the report page, its charts and the CSV show them.
 * A pure module: the desktop bundle imports it as well as the bridge.
 */
export const REPORT_FIGURES = [
  'arrived',
  'answered',
  'answeredInTime',
  'abandoned',
  'avgWaitSeconds',
  'avgTalkSeconds',
  'avgWrapUpSeconds',
  'transfers',
  'linkage110',
  'linkage119',
  'linkage120',
  'repeatCaller',
  'sameMatter',
] as const;

export type ReportFigure = (typeof REPORT_FIGURES)[number];
