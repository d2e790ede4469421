/**
 * The HTML report of a sweep: each figure (SVG, with its PNG linked) beside
 * what the paper says about it, then a table of the aggregates. A plain
 * static page with relative links, so the run folder opens in any browser.
 */
import { join } from 'node:path';
import { writeFileAtomicSync } from '@steth/atomic-file';

/** One figure of the report. */
export interface ReportFigure {
  /** Heading. */
  title: string;
  /** SVG file name, relative to the report. */
  svg: string;
  /** PNG file name, relative to the report. */
  png: string;
  /** What the paper says about this figure (plain text, quoted beside it). */
  paperSays: string;
  /** What this run shows (plain text), shown under the quote; optional. */
  observed?: string;
}

/** A table of the report. */
export interface ReportTable {
  /** Heading. */
  title: string;
  /** Column headers. */
  columns: string[];
  /** Rows of cells (numbers are shown with 3 decimals). */
  rows: (string | number | null)[][];
}

/** Configures {@link writeHtmlReport}. */
export interface HtmlReportConfig {
  /** Folder to write `index.html` into. Required. */
  outDir: string;
  /** Page title. Required. */
  title: string;
  /** Paragraphs under the title (plain text). Default none. */
  intro?: string[];
  /** Figures, in order. */
  figures: ReportFigure[];
  /** Tables after the figures. Default none. */
  tables?: ReportTable[];
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const cell = (value: string | number | null) =>
  value === null
    ? '–'
    : typeof value === 'number'
      ? Number.isFinite(value)
        ? value.toFixed(3)
        : String(value)
      : value;

/** Writes `index.html`; returns its path. */
export function writeHtmlReport(config: HtmlReportConfig): string {
  const figures = config.figures
    .map(
      (f) => `<section class="figure">
  <h2>${escapeHtml(f.title)}</h2>
  <div class="pair">
    <a href="${escapeHtml(f.png)}"><img src="${escapeHtml(f.svg)}" alt="${escapeHtml(f.title)}"></a>
    <div class="text">
      <h3>What the paper says</h3>
      <blockquote>${escapeHtml(f.paperSays)}</blockquote>
      ${f.observed ? `<h3>What this run shows</h3>\n      <p>${escapeHtml(f.observed)}</p>` : ''}
    </div>
  </div>
</section>`,
    )
    .join('\n');
  const tables = (config.tables ?? [])
    .map(
      (t) => `<section class="table">
  <h2>${escapeHtml(t.title)}</h2>
  <table>
    <thead><tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
    <tbody>
${t.rows.map((r) => `      <tr>${r.map((v) => `<td>${escapeHtml(cell(v))}</td>`).join('')}</tr>`).join('\n')}
    </tbody>
  </table>
</section>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(config.title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
  .pair { display: flex; gap: 2rem; align-items: flex-start; flex-wrap: wrap; }
  .pair img { max-width: 40rem; border: 1px solid #ddd; }
  .text { flex: 1; min-width: 18rem; }
  blockquote { margin: 0; padding: 0.5rem 1rem; border-left: 4px solid #888; background: #f6f6f6; }
  table { border-collapse: collapse; font-size: 0.9rem; }
  th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: right; }
</style>
</head>
<body>
<h1>${escapeHtml(config.title)}</h1>
${(config.intro ?? []).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${figures}
${tables}
</body>
</html>
`;
  const path = join(config.outDir, 'index.html');
  writeFileAtomicSync(path, html);
  return path;
}
