/**
 * The playground page: controls for Appendix B (variant, q_h, lambda with
 * its mode, tap, epochs), start / pause / reset, the Fig. 9 preset, and one
 * panel per run (src/run-panel.ts). Training happens in workers; this
 * thread only draws, so the controls answer while a run trains.
 *
 * Query parameters (for tests and slow machines): `train` and `test` keep
 * the first N digits of each split (default: all 10 000 / 2 000), `epochs`
 * presets the epoch count, `backend` forces `webgl`, `wasm` or `cpu`.
 */
import { modeName, tapsFor } from './modes';
import type { BackendRequest } from './protocol';
import { createRunPanel, type PanelStart, type RunPanel } from './run-panel';
import './style.css';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const variant = $<HTMLSelectElement>('variant');
const qh = $<HTMLInputElement>('qh');
const qhValue = $<HTMLOutputElement>('qh-value');
const lambda = $<HTMLInputElement>('lambda');
const lambdaValue = $<HTMLOutputElement>('lambda-value');
const lambdaMode = $<HTMLOutputElement>('lambda-mode');
const tap = $<HTMLSelectElement>('tap');
const epochs = $<HTMLInputElement>('epochs');
const startButton = $<HTMLButtonElement>('start');
const pauseButton = $<HTMLButtonElement>('pause');
const resetButton = $<HTMLButtonElement>('reset');
const presetButton = $<HTMLButtonElement>('preset');
const backendLine = $<HTMLParagraphElement>('backend');
const panelsBox = $<HTMLElement>('panels');

const params = new URLSearchParams(location.search);
const numberParam = (name: string) => (params.has(name) ? Number(params.get(name)) : undefined);
const backend = (params.get('backend') ?? 'auto') as BackendRequest;
if (params.has('epochs')) epochs.value = params.get('epochs')!;
// Absolute, so the worker (served from assets/) resolves it against the page, not itself.
const dataUrl = new URL(`${import.meta.env.BASE_URL}mnist-subset.bin`, location.href).href;

let panels: RunPanel[] = [];

function fillTaps() {
  tap.replaceChildren(
    ...tapsFor(Number(variant.value) as 1 | 2).map((name, i) => {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = i === 0 ? `${name} (the paper's)` : name;
      return option;
    }),
  );
}

function showControls() {
  qhValue.textContent = Number(qh.value).toFixed(2);
  const l = Number(lambda.value);
  lambdaValue.textContent = l.toFixed(1);
  const mode = modeName(l);
  lambdaMode.textContent = mode;
  lambdaMode.className = `mode ${mode}`;
  const running = panels.some((p) => p.running);
  const allPaused = running && panels.filter((p) => p.running).every((p) => p.paused);
  pauseButton.disabled = !running;
  pauseButton.textContent = allPaused ? 'Resume' : 'Pause';
  document.body.dataset.state = running
    ? allPaused
      ? 'paused'
      : 'training'
    : panels.length
      ? 'finished'
      : 'idle';
}

function reset() {
  for (const p of panels) p.dispose();
  panels = [];
  backendLine.textContent = 'Backend: not started';
  showControls();
}

function launch(configs: { variant: 1 | 2; qh: number; lambda: number; tap?: string }[]) {
  reset();
  for (const config of configs) {
    const start: PanelStart = {
      config,
      epochs: Math.max(1, Math.round(Number(epochs.value))),
      dataUrl,
      trainSize: numberParam('train'),
      testSize: numberParam('test'),
      backend,
    };
    panels.push(
      createRunPanel(panelsBox, start, {
        onBackend: (name, tried) => {
          backendLine.textContent = `Backend: ${name}${tried.length ? ` (not available: ${tried.join('; ')})` : ''}`;
          document.body.dataset.backend = name;
        },
        onChange: showControls,
      }),
    );
  }
  showControls();
}

variant.addEventListener('change', () => {
  fillTaps();
  showControls();
});
qh.addEventListener('input', showControls);
lambda.addEventListener('input', showControls);
startButton.addEventListener('click', () =>
  launch([
    {
      variant: Number(variant.value) as 1 | 2,
      qh: Number(qh.value),
      lambda: Number(lambda.value),
      tap: tap.value,
    },
  ]),
);
pauseButton.addEventListener('click', () => {
  const live = panels.filter((p) => p.running);
  if (live.every((p) => p.paused)) for (const p of live) p.resume();
  else for (const p of live) p.pause();
  showControls();
});
resetButton.addEventListener('click', reset);
presetButton.addEventListener('click', () => {
  variant.value = '1';
  fillTaps();
  qh.value = '1';
  launch([-1, 0, 1].map((l) => ({ variant: 1 as const, qh: 1, lambda: l })));
});

fillTaps();
showControls();
