/**
 * Training and evaluation metrics as plain, JSON-serialisable records, sent
 * through a callback so apps can draw progress bars or write JSON-lines
 * reports. Not from the paper; it carries the quantities the paper plots
 * (main accuracy, stethoscope accuracy per lambda).
 */
import type { StethoscopeMode } from './lambda-schedule';

/** Per-stethoscope figures of one training step. */
export interface StethoscopeStepMetrics {
  /** lambda used at this step. */
  lambda: number;
  /** Mode selected by the sign of lambda. */
  mode: StethoscopeMode;
  /** Adversarial objective in force (only while adversarial). */
  objective?: string;
  /** L_s with the true labels, before the update. */
  loss: number;
  /** Accuracy on the batch (null for regression). */
  accuracy: number | null;
  /** Cosine between grad L_y and grad L_s at the tapped layer (only when enabled; null if undefined). */
  gradientCosine?: number | null;
}

/** One training step. */
export interface StepRecord {
  type: 'step';
  /** Zero-based index of this step. */
  step: number;
  /** L_y on the batch before the update (null when the batch had no main labels or theta is frozen). */
  mainLoss: number | null;
  /** Main accuracy on the batch (null for regression, a custom loss, or no main labels). */
  mainAccuracy: number | null;
  /** Keyed by stethoscope name; stethoscopes without labels in the batch are absent. */
  stethoscopes: Record<string, StethoscopeStepMetrics>;
}

/** One category's share of an evaluation: its accuracy, and the whole counts it comes from. */
export interface CategoryAccuracy {
  /** correct / count. */
  accuracy: number;
  /** Examples of the category predicted right. */
  correct: number;
  /** Examples of the category. */
  count: number;
}

/** Per-stethoscope figures of an evaluation. */
export interface StethoscopeEvalMetrics {
  loss: number;
  accuracy: number | null;
  /** Examples evaluated. */
  count: number;
  /** Accuracy per category, when the batches carried categories (classification only). */
  perCategory?: Record<string, CategoryAccuracy>;
}

/** One evaluation over one or more batches (means weighted by batch size). */
export interface EvalRecord {
  type: 'eval';
  /** Training steps done when evaluated. */
  step: number;
  /** Optional caller-given label, e.g. `test` or `hard`. */
  split?: string;
  mainLoss: number | null;
  mainAccuracy: number | null;
  /** Examples with main labels. */
  count: number;
  /** Main accuracy per category, when the batches carried categories (classification only). */
  mainPerCategory?: Record<string, CategoryAccuracy>;
  stethoscopes: Record<string, StethoscopeEvalMetrics>;
}

/** Any record the trainer emits. */
export type MetricsRecord = StepRecord | EvalRecord;

/** Receives every record as it is produced. */
export type MetricsListener = (record: MetricsRecord) => void;

/** One JSON line (no trailing newline) for a record. Non-finite numbers become null. */
export function toJsonLine(record: MetricsRecord): string {
  return JSON.stringify(record, (_key, value) =>
    typeof value === 'number' && !Number.isFinite(value) ? null : value,
  );
}

/** A listener that writes each record as a JSON line through `write` (e.g. a file stream's write). */
export function createJsonLinesListener(write: (line: string) => void): MetricsListener {
  return (record) => write(`${toJsonLine(record)}\n`);
}

/** A small fan-out of listeners; `add` returns a function that removes the listener. */
export interface MetricsHub {
  add(listener: MetricsListener): () => void;
  emit(record: MetricsRecord): void;
}

export function createMetricsHub(initial: readonly MetricsListener[] = []): MetricsHub {
  const listeners = new Set<MetricsListener>(initial);
  return {
    add(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(record) {
      for (const listener of listeners) listener(record);
    },
  };
}
