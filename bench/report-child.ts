/**
 * Child process of the report section: the CPU time of each stage of one `budget-tables report`
 * (process.cpuUsage: every thread, the libuv pool's encoding included).
 *
 * usage: node dist/bench/report-child.js <result.json> <source.pdf> <out.html> (prints one JSON object)
 */
// From the process's start: loading counts Node's own start-up too, as a report command pays it.
const cpuS = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const { readFileSync, writeFileSync } = await import('node:fs');
const { renderPageImages, reportPages } = await import('../src/report/pages.js');
const { renderReportDetailed } = await import('../src/report/render-report.js');
const [json, pdf, html] = process.argv.slice(2) as [string, string, string];
const t: number[] = [cpuS()];
const result = JSON.parse(readFileSync(json, 'utf8'));
const bytes = new Uint8Array(readFileSync(pdf));
t.push(cpuS());
const pages = await renderPageImages(bytes, result.pages, {}, reportPages(result));
t.push(cpuS());
const rendered = await renderReportDetailed(result, { pdfBytes: bytes, renderedPages: pages });
t.push(cpuS());
writeFileSync(html, rendered.html);
t.push(cpuS());
const d = (i: number) => Math.round((t[i]! - t[i - 1]!) * 1000) / 1000;
process.stdout.write(JSON.stringify({ load: Math.round(t[0]! * 1000) / 1000, json: d(1), pages: d(2), html: d(3), write: d(4), pageImages: rendered.pageImages, imageBytes: rendered.imageBytes }) + '\n');
