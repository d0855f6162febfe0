/**
 * Prints the report's HTML to PDF through headless Chromium (playwright-core with the system `chromium`,
 * the same browser and flags as the browser tests).
 */
import { execSync } from 'node:child_process';
import type { BrowserType } from 'playwright-core';
import { ClusterlensError } from '../errors.ts';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function chromiumPath(): string {
  try {
    return execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
  } catch {
    throw new ClusterlensError(
      'a PDF needs Chromium (Debian: apt-get install -y chromium); write --out report.html instead',
    );
  }
}

export async function htmlToPdf(html: string): Promise<Buffer> {
  let chromium: BrowserType;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new ClusterlensError(
      'a PDF needs playwright-core (npm install playwright-core); write --out report.html instead',
    );
  }
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
