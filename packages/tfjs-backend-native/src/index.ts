/**
 * @steth/tfjs-backend-native: a TensorFlow.js backend whose training kernels
 * run in a C++ addon. Like tfjs's own backends, importing the package
 * registers it (as `native`); if the addon could not be built, importing
 * still succeeds and {@link nativeAvailability} says why.
 */
import { registerNativeBackend } from './register-backend';

export { setNativeAdamUpdate } from './adam-update';
export type { NativeIsa } from './addon';
export { setNativeBatchNormGradients } from './batch-norm-gradients';
export type { BufferPoolConfig, BufferPoolStats } from './buffer-pool';
export { BufferPool } from './buffer-pool';
export { NativeBackend } from './native-backend';
export type { KernelCounts, NativeAvailability, NativeInfo } from './register-backend';
export {
  NATIVE_BACKEND_NAME,
  NATIVE_BACKEND_PRIORITY,
  NATIVE_KERNELS,
  nativeAvailability,
  nativeInfo,
  nativeKernelCounts,
  registerNativeBackend,
  setNativeIsa,
  setNativeKernelTiming,
  setNativeThreads,
  THREADS_ENV_VAR,
} from './register-backend';

registerNativeBackend();
