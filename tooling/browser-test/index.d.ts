import type { BrowserContext, Page } from 'playwright-core';

/** Default Chromium binary (Debian's `chromium`). */
export declare const CHROMIUM_PATH: string;

/** The flags every Steth browser test launches Chromium with. */
export declare const CHROMIUM_ARGS: readonly string[];

export interface HeadlessChromium {
  context: BrowserContext;
  /** A new page that records console errors and uncaught page errors into `errors`. */
  newPage(): Promise<{ page: Page; errors: string[] }>;
  /** Closes the browser and removes its fresh user-data-dir. */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh user-data-dir. Throws, naming the
 * install command, when the binary is missing.
 */
export declare function launchChromium(options?: { executablePath?: string }): Promise<HeadlessChromium>;

/** A file or generated content served at one URL path. */
export type Route = { file: string } | { body: string | Uint8Array; type: string };

export interface LoopbackServer {
  /** e.g. `http://127.0.0.1:40123` */
  origin: string;
  /** Paths requested so far (for assertions that the page loaded what it should). */
  requested: string[];
  close(): Promise<void>;
}

/**
 * Serves `routes` (URL path -> file or content) and, for other paths, files
 * under `root` (if given) on 127.0.0.1, on a free port. 404 for anything else.
 */
export declare function serveLoopback(options: {
  routes?: Record<string, Route>;
  root?: string;
}): Promise<LoopbackServer>;
