/** `@steth/atomic-file`: the one atomic file writer of Steth, for Node. */
export type { AsyncAtomicWriteOptions, AtomicWriteOptions } from './atomic-file';
export { isTemporaryFile, writeFileAtomic, writeFileAtomicSync } from './atomic-file';
