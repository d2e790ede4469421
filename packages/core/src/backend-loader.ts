/**
 * Picks the fastest TensorFlow.js backend this machine can run, in the order
 * tfjs-node-gpu, tfjs-node, Steth's own native CPU backend, then tfjs's pure
 * JS `cpu`. Not from the paper: it is what lets the paper's experiments run
 * at a usable speed wherever they are started.
 *
 * The native packages are optional. A package that is installed without its
 * compiled binding (the usual case where libtensorflow cannot be downloaded)
 * is detected from the file system *before* it is imported, because
 * importing it registers ~150 kernels and then throws, flooding the log.
 *
 * Node only (it reads the file system): exported from `@steth/core/node`.
 * It imports the main entry by package name, so the built `node` entry
 * shares the main entry's error classes instead of bundling copies.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BackendUnavailableError, InvalidArgumentError } from '@steth/core';
import * as tf from '@tensorflow/tfjs';

/** The backends the loader knows, fastest first. */
export const BACKEND_CHOICES = ['tensorflow-gpu', 'tensorflow', 'native', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Environment variable that forces a backend (`auto` or one of {@link BACKEND_CHOICES}). */
export const BACKEND_ENV_VAR = 'STETH_BACKEND';

/** Whether a candidate can run here, and why (not). */
export interface BackendProbe {
  available: boolean;
  /** One line: why it is (not) available. */
  reason: string;
  /** The folder the backend's package was found in (absent when it is not installed, or for `cpu`). */
  packageDir?: string;
}

/** One backend the loader may pick. */
export interface BackendCandidate {
  choice: BackendChoice;
  /** npm package that provides it (or `@tensorflow/tfjs` for `cpu`). */
  packageName: string;
  /** Name under which the backend registers with tfjs. */
  backendName: string;
  /** What to run to make it available. */
  installHint: string;
  /** Cheap check that imports nothing native. */
  probe(): Promise<BackendProbe> | BackendProbe;
  /** Imports and registers the backend (after a successful probe). */
  activate(): Promise<void>;
}

export interface LoadBackendOptions {
  /** Force a backend, or `auto` (default: `$STETH_BACKEND`, else `auto`). */
  backend?: BackendChoice | 'auto';
  /** Environment to read {@link BACKEND_ENV_VAR} from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Directories to resolve optional backend packages from; default: cwd, the main script's folder, and this package. */
  resolveFrom?: string[];
  /** Candidates in order of preference; default tfjs-node-gpu, tfjs-node, @steth/tfjs-backend-native, cpu. For tests and embedders. */
  candidates?: BackendCandidate[];
}

export interface BackendStatus extends BackendProbe {
  choice: BackendChoice;
  packageName: string;
}

/** What {@link loadBackend} chose and why, with the verdict on every other candidate. */
export interface BackendReport {
  choice: BackendChoice;
  /** Name of the active tfjs backend (`tf.getBackend()`). */
  backendName: string;
  /** Why this one: forced, or the fastest available. */
  reason: string;
  candidates: BackendStatus[];
}

/**
 * Where optional backends are looked for: the working directory, the main
 * script's folder, and this package's own folder, so a backend installed
 * beside @steth/core is found from worker processes started elsewhere.
 */
function defaultResolveDirs(): string[] {
  const dirs = [process.cwd()];
  if (process.argv[1]) dirs.push(dirname(process.argv[1]));
  dirs.push(dirname(fileURLToPath(import.meta.url)));
  return dirs;
}

/** Finds an installed package's root folder, or undefined. Imports nothing. */
export function findPackageDir(
  packageName: string,
  resolveFrom: string[] = defaultResolveDirs(),
): string | undefined {
  for (const dir of resolveFrom) {
    try {
      const require = createRequire(join(dir, 'noop.js'));
      return dirname(require.resolve(`${packageName}/package.json`));
    } catch {
      // not resolvable from this folder; try the next
    }
  }
  return undefined;
}

async function importFrom(packageDir: string, packageName: string): Promise<unknown> {
  const require = createRequire(join(packageDir, 'noop.js'));
  const entry = require.resolve(packageName, { paths: [dirname(packageDir)] });
  return import(pathToFileURL(entry).href);
}

/** Looks for tfjs-node's compiled binding, `lib/<napi-version>/tfjs_binding.node`. */
function hasTfjsNodeBinding(packageDir: string): boolean {
  const lib = join(packageDir, 'lib');
  if (!existsSync(lib)) return false;
  return readdirSync(lib).some((sub) => existsSync(join(lib, sub, 'tfjs_binding.node')));
}

function tfjsNodeCandidate(
  choice: 'tensorflow' | 'tensorflow-gpu',
  packageName: string,
  resolveFrom: string[],
): BackendCandidate {
  let packageDir: string | undefined;
  return {
    choice,
    packageName,
    backendName: 'tensorflow',
    installHint:
      choice === 'tensorflow-gpu'
        ? `npm install ${packageName}@4.22.0 (needs CUDA 11.2 and cuDNN 8.1, and network access to download libtensorflow at install time)`
        : `npm install ${packageName}@4.22.0 (downloads libtensorflow at install time)`,
    probe() {
      packageDir = findPackageDir(packageName, resolveFrom);
      if (!packageDir) return { available: false, reason: `${packageName} is not installed` };
      if (!hasTfjsNodeBinding(packageDir)) {
        return {
          available: false,
          reason: `${packageName} is installed without its native binding (libtensorflow was not downloaded at install)`,
          packageDir,
        };
      }
      return { available: true, reason: `${packageName} and its native binding are installed`, packageDir };
    },
    async activate() {
      if (!packageDir) throw new BackendUnavailableError(`${packageName} was not probed before activation`);
      await importFrom(packageDir, packageName);
    },
  };
}

function nativeCandidate(resolveFrom: string[]): BackendCandidate {
  const packageName = '@steth/tfjs-backend-native';
  let packageDir: string | undefined;
  return {
    choice: 'native',
    packageName,
    backendName: 'native',
    installHint: `npm install ${packageName} (builds a C++ addon with node-gyp: needs python3, make and a C++ compiler)`,
    probe() {
      packageDir = findPackageDir(packageName, resolveFrom);
      if (!packageDir) return { available: false, reason: `${packageName} is not installed` };
      return { available: true, reason: `${packageName} is installed`, packageDir };
    },
    async activate() {
      if (!packageDir) throw new BackendUnavailableError(`${packageName} was not probed before activation`);
      const mod = (await importFrom(packageDir, packageName)) as { nativeAvailability?: () => BackendProbe };
      const status = mod.nativeAvailability?.();
      if (status && !status.available) throw new BackendUnavailableError(status.reason);
    },
  };
}

const cpuCandidate: BackendCandidate = {
  choice: 'cpu',
  packageName: '@tensorflow/tfjs',
  backendName: 'cpu',
  installHint: 'npm install @tensorflow/tfjs',
  probe: () => ({ available: true, reason: 'pure JavaScript, always available (slow for training)' }),
  activate: async () => {},
};

/** The loader's candidates, fastest first. */
export function defaultBackendCandidates(resolveFrom: string[] = defaultResolveDirs()): BackendCandidate[] {
  return [
    tfjsNodeCandidate('tensorflow-gpu', '@tensorflow/tfjs-node-gpu', resolveFrom),
    tfjsNodeCandidate('tensorflow', '@tensorflow/tfjs-node', resolveFrom),
    nativeCandidate(resolveFrom),
    cpuCandidate,
  ];
}

function parseChoice(value: string, source: string): BackendChoice | 'auto' {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'auto') return 'auto';
  if ((BACKEND_CHOICES as readonly string[]).includes(v)) return v as BackendChoice;
  throw new InvalidArgumentError(
    `Unknown backend "${value}" (from ${source}). Expected one of: auto, ${BACKEND_CHOICES.join(', ')}.`,
  );
}

/** Probes every candidate without activating any. Used by `steth doctor`. */
export async function probeBackends(options: Pick<LoadBackendOptions, 'resolveFrom' | 'candidates'> = {}) {
  const candidates = options.candidates ?? defaultBackendCandidates(options.resolveFrom);
  const statuses: BackendStatus[] = [];
  for (const c of candidates)
    statuses.push({ choice: c.choice, packageName: c.packageName, ...(await c.probe()) });
  return statuses;
}

/**
 * Activates the fastest available backend (or the forced one) and makes it
 * tfjs's current backend. A forced backend that cannot run throws
 * {@link BackendUnavailableError} naming what to install.
 */
export async function loadBackend(options: LoadBackendOptions = {}): Promise<BackendReport> {
  const env = options.env ?? process.env;
  const forced =
    options.backend !== undefined
      ? parseChoice(options.backend, 'the backend option')
      : parseChoice(env[BACKEND_ENV_VAR] ?? 'auto', `$${BACKEND_ENV_VAR}`);
  const candidates = options.candidates ?? defaultBackendCandidates(options.resolveFrom);
  const statuses: BackendStatus[] = [];
  const byChoice = new Map(candidates.map((c) => [c.choice, c]));

  if (forced !== 'auto') {
    const candidate = byChoice.get(forced);
    if (!candidate) throw new InvalidArgumentError(`Backend "${forced}" is not among the candidates.`);
    const probe = await candidate.probe();
    if (!probe.available) {
      throw new BackendUnavailableError(
        `Backend "${forced}" was requested but is unavailable: ${probe.reason}. To use it: ${candidate.installHint}. ` +
          `Or unset ${BACKEND_ENV_VAR} to pick the fastest available backend.`,
      );
    }
    try {
      await candidate.activate();
      await setActive(candidate.backendName);
    } catch (cause) {
      throw new BackendUnavailableError(
        `Backend "${forced}" was requested but failed to load: ${(cause as Error).message}. To use it: ${candidate.installHint}.`,
        { cause },
      );
    }
    for (const c of candidates) {
      statuses.push(
        c === candidate
          ? { choice: c.choice, packageName: c.packageName, ...probe }
          : { choice: c.choice, packageName: c.packageName, ...(await c.probe()) },
      );
    }
    return {
      choice: forced,
      backendName: tf.getBackend(),
      reason: options.backend !== undefined ? 'forced by option' : `forced by $${BACKEND_ENV_VAR}`,
      candidates: statuses,
    };
  }

  let chosen: BackendCandidate | undefined;
  for (const candidate of candidates) {
    const status: BackendStatus = {
      choice: candidate.choice,
      packageName: candidate.packageName,
      ...(await candidate.probe()),
    };
    if (!chosen && status.available) {
      try {
        await candidate.activate();
        await setActive(candidate.backendName);
        chosen = candidate;
      } catch (cause) {
        status.available = false;
        status.reason = `failed to load: ${(cause as Error).message}`;
      }
    }
    statuses.push(status);
  }
  if (!chosen) {
    throw new BackendUnavailableError(
      `No TensorFlow.js backend could be loaded. Tried: ${statuses.map((s) => `${s.choice} (${s.reason})`).join('; ')}.`,
    );
  }
  const faster = statuses.slice(0, candidates.indexOf(chosen));
  return {
    choice: chosen.choice,
    backendName: tf.getBackend(),
    reason:
      faster.length === 0
        ? 'the fastest backend, and it is available'
        : `the fastest available: ${faster.map((s) => s.choice).join(', ')} ${faster.length === 1 ? 'is' : 'are'} not`,
    candidates: statuses,
  };
}

async function setActive(backendName: string): Promise<void> {
  const ok = await tf.setBackend(backendName);
  if (!ok)
    throw new BackendUnavailableError(`tf.setBackend('${backendName}') failed to initialise the backend`);
  await tf.ready();
  // The cpu backend prints a multi-line "install tfjs-node" banner on first
  // use in Node; the loader has already said why cpu was chosen.
  const backend = tf.backend() as unknown as { firstUse?: boolean };
  if (backendName === 'cpu' && 'firstUse' in backend) backend.firstUse = false;
}
