// @clickos/core: the ClickOS control-plane library. The CLI and the API are thin shells over it.
export {
  BackendError,
  ClickOSError,
  ConfigError,
  Conflict,
  type ErrorCode,
  ExitCode,
  exitCodeFor,
  NotFound,
  UsageError,
} from './errors.js';
export {
  check,
  checkFile,
  elementClasses,
  engineVersion,
  flatten,
  flattenFile,
  parse,
  parseFile,
} from './lang/index.js';
export type * from './lang/types.js';
export { EXPECTED_ABI_VERSION, loadEngine, locateLibrary } from './native/library.js';
