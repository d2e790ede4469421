/**
 * Bundles @steth/core's main entry for a browser with esbuild, as a web
 * app's bundler would: `platform: 'browser'`, TensorFlow.js external (the
 * page brings its own copy). Shared by the bundle test and the Chromium
 * training test. `from: 'src'` bundles the sources (through the
 * `@steth/source` condition, no build needed); `from: 'dist'` bundles what
 * npm users install.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface BrowserBundle {
  /** The ESM bundle. */
  code: string;
  /** Every import the bundle leaves to the page (externals). */
  externalImports: string[];
  /** Files that went into the bundle, relative to the workspace root. */
  inputs: string[];
  warnings: string[];
}

/** Bundles the main entry; esbuild throws (failing the caller) if anything cannot be resolved for a browser. */
export async function bundleCoreForBrowser(from: 'src' | 'dist'): Promise<BrowserBundle> {
  const entry = from === 'src' ? join(packageDir, 'src', 'index.ts') : join(packageDir, 'dist', 'index.js');
  if (!existsSync(entry))
    throw new Error(`${entry} does not exist: run \`pnpm --filter @steth/core build\` first.`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['@tensorflow/*'],
    conditions: from === 'src' ? ['@steth/source'] : [],
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: join(packageDir, '..', '..'),
  });
  const metafile = result.metafile as Metafile;
  const output = Object.values(metafile.outputs)[0]!;
  return {
    code: result.outputFiles[0]!.text,
    externalImports: output.imports.filter((i) => i.external).map((i) => i.path),
    inputs: Object.keys(metafile.inputs),
    warnings: result.warnings.map((w) => w.text),
  };
}
