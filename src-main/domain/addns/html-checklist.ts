// The checklist as a standalone HTML page that prints well, for the operator to save with the scripts. Every piece of text, including
// plan names from the estate and the generated scripts, is escaped: nothing in it is markup but ours.
import type { Checklist } from './checklist.ts';

export const CHECKLIST_FILE_NAME = 'ad-dns-checklist.html';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

export interface AttachedScript {
  fileName: string;
  content: string;
}

const STYLE = [
  'body{font:11pt/1.45 system-ui,sans-serif;color:#111;background:#fff;max-width:48rem;margin:2rem auto;padding:0 1rem}',
  'h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem;break-after:avoid}',
  'ol{padding-left:0;list-style:none}li{margin:.35rem 0;break-inside:avoid}',
  'li::before{content:"\\2610";margin-right:.5rem}',
  'code,pre{font:10pt/1.35 ui-monospace,Consolas,monospace}pre{background:#f4f4f4;border:1px solid #ccc;padding:.5rem;white-space:pre-wrap;word-break:break-all}',
  '.summary{color:#444}.command{display:block;margin:.15rem 0 0 1.6rem}',
  '@media print{body{margin:0;max-width:none}pre{break-inside:avoid}}',
].join('\n');

export function checklistHtml(checklist: Checklist, scripts: readonly AttachedScript[] = []): string {
  const sections = checklist.sections.map((section) => {
    const steps = section.steps.map((step) => {
      const command = step.command ? `<code class="command">${escapeHtml(step.command)}</code>` : '';
      return `<li>${escapeHtml(step.text)}${command}</li>`;
    });
    return `<section>\n<h2>${escapeHtml(section.heading)}</h2>\n<ol>\n${steps.join('\n')}\n</ol>\n</section>`;
  });
  const attached = scripts.map(
    (script) => `<section>\n<h2>${escapeHtml(script.fileName)}</h2>\n<pre>${escapeHtml(script.content.replace(/\r\n/g, '\n'))}</pre>\n</section>`,
  );
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
    `<title>${escapeHtml(checklist.title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(checklist.title)}</h1>`,
    `<p class="summary">${escapeHtml(checklist.summary)}</p>`,
    ...sections,
    ...attached,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
