// Thrown by a job's preparation for a fault no retry can mend (BullMQ then fails the job at once).
export { UnrecoverableError } from 'bullmq';
export type { MetricSummary, PointAggregate } from './aggregate';
export { aggregateRuns, summarize } from './aggregate';
export type { BrowserCheck, DisplayedImage } from './browser-check';
export { CHROMIUM_PATH, checkReportInBrowser } from './browser-check';
export { checkThreadsEnvironment, checkWorkerCount } from './cli-checks';
export { errorLine, findFilesystemError, reportCliError } from './error-line';
export { LabError, SweepInterruptedError } from './errors';
export type { LineFigureConfig, LinePoint } from './figures';
export { lineFigureSpec, renderSvg, SEED_POINT_MARK, seedRows, svgToPng, writeFigure } from './figures';
export type { ResultRecord } from './outputs';
export { csvList, toResultRecords, writeAggregatesCsv, writeResultsJson } from './outputs';
export type { QueueRunJob, QueueRunResult } from './queue-job';
export { redisConnection, runJobId, SWEEP_QUEUE_NAME, sha256, stableJson, sweepKey } from './queue-job';
export type { FailedRun, QueueSweepConfig, QueueSweepResult, QueueTarget } from './queue-sweep';
export { enqueueQueueSweep, runQueueSweep } from './queue-sweep';
export type { QueueJobKind, QueueWorkerConfig, QueueWorkerSummary } from './queue-worker';
export { runQueueWorker } from './queue-worker';
export type { HtmlReportConfig, ReportFigure, ReportTable } from './report';
export { writeHtmlReport } from './report';
export type { RunRecord } from './run-log';
export { createRunLogWriter, readRunLog, runKey } from './run-log';
export type { RegisterCommand } from './standalone-command';
export { runStandaloneCommand } from './standalone-command';
export { ONE_SIGMA_LEVEL, studentTCdf, studentTQuantile } from './student-t';
export type { SweepConfig, SweepPoint, SweepResult } from './sweep';
export { runSweep } from './sweep';
export type {
  Claim,
  Finding,
  Reference,
  SeedDirection,
  SeedSample,
  Verdict,
  VerdictKind,
} from './verdict';
export {
  allOf,
  describeVerdict,
  finding,
  findingLine,
  formatP,
  judge,
  noVerdict,
  SIGNIFICANCE_LEVEL,
  someOf,
  verdictLabel,
} from './verdict';
export type { TTest, TTestResult, UntestableTTest } from './welch-t-test';
export { oneSampleTTest, welchTTest } from './welch-t-test';
export { workerEnv, workerScriptPath, workerThreads } from './worker-process';
