/** The review report (issue 10): one self-contained HTML file per document, and a batch index. */
export { renderReport, renderReportDetailed, type RenderReportOptions, type RenderedReport } from './render-report.js';
export { renderIndex, type IndexEntry, type RenderIndexOptions } from './render-index.js';
export { summarise, type ReportSummary } from './summary.js';
export { renderPageImages, reportPages, type PageImageOptions, type PageImage } from './pages.js';
export { writeReports, type WriteReportsOptions, type WriteReportsResult } from './write.js';
