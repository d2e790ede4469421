/**
 * Helpers for Steth's headless-Chromium tests: launch Debian's `chromium`
 * through playwright-core (no browser download, no network: background
 * networking, component updates and sync are off, and every run gets a
 * fresh user-data-dir), and serve files from a loopback HTTP server the
 * test starts and stops. Pages loaded over http://127.0.0.1 are a secure
 * context, so module workers, import maps and Web Crypto all work.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** @param {{ executablePath?: string }} [options] */
export async function launchChromium(options = {}) {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. The browser tests need Debian's chromium: apt-get install -y chromium.`,
    );
  }
  const { chromium } = await import('playwright-core');
  const userDataDir = await mkdtemp(join(tmpdir(), 'steth-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      /** @type {string[]} */
      const errors = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      return { page, errors };
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.bin': 'application/octet-stream',
};

/** @param {{ routes?: Record<string, import('./index.d.ts').Route>, root?: string }} options */
export async function serveLoopback(options) {
  const routes = options.routes ?? {};
  /** @type {string[]} */
  const requested = [];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    requested.push(path);
    try {
      const route = routes[path];
      if (route && 'body' in route) {
        response.writeHead(200, { 'content-type': route.type });
        response.end(route.body);
        return;
      }
      let file = route?.file;
      if (!file && options.root) {
        const candidate = normalize(join(options.root, path === '/' ? 'index.html' : path));
        if (
          candidate.startsWith(normalize(options.root) + sep) &&
          (await stat(candidate).catch(() => null))?.isFile()
        )
          file = candidate;
      }
      if (!file) {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end(`not found: ${path}`);
        return;
      }
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    requested,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve(undefined)));
      }),
  };
}
