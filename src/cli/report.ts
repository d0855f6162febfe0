/**
 * `clusterlens report [--out report.pdf|report.html]`: the planner's report of the stored network — the
 * metacorporation, the effect of joining each cluster with its credibility, event studies, cluster
 * profiles, collaboration gaps — as HTML, or printed to PDF through headless Chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from '../errors.ts';
import { buildReportData } from '../report/build.ts';
import { renderReport } from '../report/html.ts';
import { htmlToPdf } from '../report/pdf.ts';
import { info, withStore } from './context.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'The planner’s report (effects of joining with their credibility, cluster profiles, gaps) as PDF or HTML',
    )
    .option('--out <file>', 'report.pdf (printed through headless Chromium) or report.html', 'report.pdf')
    .action(async (flags: { out: string }) => {
      const extension = path.extname(flags.out).toLowerCase();
      if (extension !== '.pdf' && extension !== '.html' && extension !== '.htm')
        throw new InvalidArgumentError(`--out must end in .pdf or .html, got '${flags.out}'`);
      const html = renderReport(await withStore((store) => buildReportData(store)));
      if (extension === '.pdf') fs.writeFileSync(flags.out, await htmlToPdf(html));
      else fs.writeFileSync(flags.out, html);
      info(`Wrote ${flags.out}.`);
    });
}
