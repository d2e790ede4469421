/**
 * One run on the page: a worker that trains it, a uPlot chart of the three
 * Fig. 9 figures per epoch (true accuracy, agreement with the hint, the
 * stethoscope's accuracy, all on test digits with independent hints), and a
 * grid of test digits with the network's guesses (wrong ones marked; in
 * variant 2 the hint pixels are visible in the border).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { modeName } from './modes';
import type { BackendRequest, FromWorker, ToWorker } from './protocol';
import type { EpochReport, RunConfig } from './training';

export interface PanelStart {
  config: RunConfig;
  epochs: number;
  dataUrl: string;
  trainSize?: number;
  testSize?: number;
  backend: BackendRequest;
}

export interface RunPanel {
  element: HTMLElement;
  /** Epoch reports so far. */
  reports: EpochReport[];
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  readonly running: boolean;
  dispose(): void;
}

const fmt = (v: number) => v.toFixed(3);

export function createRunPanel(
  parent: HTMLElement,
  start: PanelStart,
  hooks: { onBackend?: (name: string, tried: string[]) => void; onChange?: () => void } = {},
): RunPanel {
  const { config } = start;
  const element = document.createElement('section');
  element.className = 'panel';
  element.dataset.lambda = String(config.lambda);
  const title = document.createElement('h2');
  title.textContent = `Variant ${config.variant}, q_h = ${config.qh.toFixed(2)}, λ = ${config.lambda} (${modeName(config.lambda)})`;
  const status = document.createElement('div');
  status.className = 'status';
  status.textContent = 'starting…';
  const figures = document.createElement('div');
  figures.className = 'figures';
  const chartBox = document.createElement('div');
  chartBox.className = 'chart';
  const digits = document.createElement('div');
  digits.className = 'digits';
  element.append(title, status, chartBox, figures, digits);
  parent.append(element);

  const data: [number[], number[], number[], number[]] = [[], [], [], []];
  const chart = new uPlot(
    {
      width: Math.max(320, Math.min(600, element.clientWidth)),
      height: 220,
      scales: { x: { time: false }, y: { range: [0, 1] } },
      axes: [{ label: 'epoch', incrs: [1, 2, 5, 10] }, { label: 'fraction of test digits' }],
      legend: { live: false },
      series: [
        { label: 'epoch' },
        { label: 'true accuracy', stroke: '#1f5fbf', width: 2, points: { show: true } },
        { label: 'agrees with hint', stroke: '#d9822b', width: 2, points: { show: true } },
        { label: 'stethoscope accuracy', stroke: '#7a3fb0', width: 2, dash: [6, 4], points: { show: true } },
      ],
    },
    data,
    chartBox,
  );

  const reports: EpochReport[] = [];
  let paused = false;
  let running = true;
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const send = (message: ToWorker) => worker.postMessage(message);

  function drawDigits(report: EpochReport) {
    digits.replaceChildren(
      ...report.samples.map((sample) => {
        const cell = document.createElement('div');
        cell.className = sample.guess === sample.label ? 'digit' : 'digit wrong';
        const canvas = document.createElement('canvas');
        canvas.width = 28;
        canvas.height = 28;
        const context = canvas.getContext('2d')!;
        const image = context.createImageData(28, 28);
        for (let p = 0; p < 784; p++) {
          const v = 255 - sample.pixels[p]!;
          image.data.set([v, v, v, 255], p * 4);
        }
        context.putImageData(image, 0, 0);
        const caption = document.createElement('div');
        caption.textContent = `${sample.guess}${sample.guess === sample.label ? '' : ` (${sample.label})`} · hint ${sample.hintDigit}`;
        cell.title = `true digit ${sample.label}, network guesses ${sample.guess}, hint says ${sample.hintDigit}`;
        cell.append(canvas, caption);
        return cell;
      }),
    );
  }

  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    switch (message.type) {
      case 'backend':
        hooks.onBackend?.(message.name, message.tried);
        break;
      case 'ready':
        status.textContent = `training on ${message.trainCount} digits, testing on ${message.testCount}`;
        break;
      case 'progress':
        status.textContent = `epoch ${message.epoch + 1}: batch ${message.batch} of ${message.batchesPerEpoch}${paused ? ' (pausing…)' : ''}`;
        break;
      case 'epoch': {
        const r = message.report;
        reports.push(r);
        data[0].push(r.epoch);
        data[1].push(r.trueAccuracy);
        data[2].push(r.hintAgreement);
        data[3].push(r.stethoscopeAccuracy);
        chart.setData(data);
        element.dataset.points = String(data[0].length);
        element.dataset.epochs = String(reports.length);
        element.dataset.trueAccuracy = String(r.trueAccuracy);
        figures.textContent =
          `epoch ${r.epoch}: true accuracy ${fmt(r.trueAccuracy)}, agrees with hint ${fmt(r.hintAgreement)}, ` +
          `stethoscope ${fmt(r.stethoscopeAccuracy)}` +
          (r.hintScale !== undefined ? `, hint scalar ${r.hintScale.toFixed(2)}` : '');
        drawDigits(r);
        break;
      }
      case 'paused':
        status.textContent = `paused after ${reports.length} epochs`;
        break;
      case 'resumed':
        status.textContent = 'resumed';
        break;
      case 'done':
        running = false;
        status.textContent = `done: ${reports.length} epochs`;
        element.dataset.done = 'true';
        worker.terminate();
        break;
      case 'error':
        running = false;
        status.textContent = `error: ${message.message}`;
        element.dataset.error = message.message;
        worker.terminate();
        break;
    }
    hooks.onChange?.();
  };
  worker.onerror = (event) => {
    running = false;
    status.textContent = `worker error: ${event.message}`;
    element.dataset.error = event.message;
    hooks.onChange?.();
  };
  send({ type: 'start', ...start });

  return {
    element,
    reports,
    pause() {
      paused = true;
      status.textContent = `${status.textContent} (pausing…)`;
      send({ type: 'pause' });
    },
    resume() {
      paused = false;
      send({ type: 'resume' });
    },
    get paused() {
      return paused;
    },
    get running() {
      return running;
    },
    dispose() {
      worker.terminate();
      chart.destroy();
      element.remove();
    },
  };
}
