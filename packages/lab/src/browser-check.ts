/**
 * Opens an HTML report in headless Chromium (Debian's `chromium`, launched
 * by `@steth/browser-test` as every browser test launches it) and reports
 * whether every image is displayed and whether the page logged errors. Used
 * by the report tests; needs `chromium` installed (`apt-get install -y
 * chromium`).
 */
import { pathToFileURL } from 'node:url';
import { CHROMIUM_PATH, launchChromium } from '@steth/browser-test';

export { CHROMIUM_PATH };

/** One image of the page as the browser shows it. */
export interface DisplayedImage {
  src: string;
  naturalWidth: number;
  naturalHeight: number;
  visible: boolean;
}

/** What the browser saw. */
export interface BrowserCheck {
  title: string;
  images: DisplayedImage[];
  /** Console messages of type error, and uncaught page errors. */
  errors: string[];
}

/** The parts of an HTMLImageElement the check reads. */
interface BrowserImage {
  naturalWidth: number;
  naturalHeight: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number; height: number };
}

/** The part of the page's window the check uses. */
interface BrowserWindow {
  getComputedStyle(element: unknown): { visibility: string; display: string };
}

/** Loads `htmlFile` in headless Chromium and inspects it. */
export async function checkReportInBrowser(
  htmlFile: string,
  executablePath = CHROMIUM_PATH,
): Promise<BrowserCheck> {
  const browser = await launchChromium({ executablePath });
  try {
    const { page, errors } = await browser.newPage();
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    // Runs in the page; typed structurally so this package needs no DOM typings.
    const images = await page.$$eval('img', (nodes) =>
      nodes.map((node) => {
        const img = node as unknown as BrowserImage;
        const box = img.getBoundingClientRect();
        const style = (globalThis as unknown as BrowserWindow).getComputedStyle(img);
        return {
          src: img.getAttribute('src') ?? '',
          naturalWidth: img.naturalWidth,
          naturalHeight: img.naturalHeight,
          visible:
            box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none',
        };
      }),
    );
    return { title: await page.title(), images, errors };
  } finally {
    await browser.close();
  }
}
