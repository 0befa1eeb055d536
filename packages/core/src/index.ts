// @clickos/core: the ClickOS control-plane library. The CLI and the API are thin shells over it.
export {
  BackendError,
  ClickOSError,
  ConfigError,
  Conflict,
  type ErrorCode,
  ExitCode,
  exitCodeFor,
  HandlerError,
  NotFound,
  RestartRequired,
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
export type * from './backends/backend.js';
export { ProcessBackend, type ProcessBackendOptions } from './backends/process/process-backend.js';
export { findInstanceBinary, locateInstanceBinary } from './backends/process/binary.js';
export { cgroupsUnavailable, isCgroupParent } from './backends/process/cgroups.js';
export { raiseFileLimit, fileLimit } from './backends/process/os.js';
export { ControlClient, type ConnectOptions } from './control/client.js';
export { type ControlReply, ControlStatus } from './control/protocol.js';
export { SwitchClient, defaultSwitchSocket, type AttachOptions, type RingPort } from './switch/client.js';
export { SwitchWatch, type SwitchWatchOptions } from './switch/watch.js';
export {
  Store,
  restoreStore,
  type ConfigRecord,
  type DesiredState,
  type EventRecord,
  type InstanceRecord,
  type InterfaceEntryRecord,
  type InterfaceRecord,
  type PluginRecord,
  type SupervisorLockRecord,
  type SwitchEntryRecord,
} from './store/store.js';
export {
  Supervisor,
  type SupervisorEvent,
  type SupervisorOptions,
  type WatchdogOptions,
} from './supervisor/supervisor.js';
export { Backoff, type BackoffOptions } from './supervisor/backoff.js';
export { StoreInUse } from './supervisor/lock.js';
export {
  type AttachedInterface,
  type InterfaceStatus,
  type SwitchRepairResult,
  SwitchState,
  type SwitchStateOptions,
} from './instances/switch-state.js';
export {
  InstanceManager,
  type BulkResult,
  type InstallOptions,
  type InstallResult,
  type InstanceInfo,
  type InstanceManagerOptions,
  type InstanceStatus,
} from './instances/manager.js';
export {
  CreateSpec,
  type CreateSpecInput,
  Definitions,
  IfName,
  InstanceName,
  InterfaceSpec,
  type InterfaceSpecInput,
  type InterfaceSpecValue,
  CpuList,
  Labels,
  Mac,
  parseLabels,
  PortSpec,
  Resources,
  Selector,
  type SelectorValue,
  SwitchName,
  validate,
} from './instances/spec.js';
export {
  type ConfigSpecValue,
  type ParamSpecValue,
  type PluginManifest,
  PluginManifestSchema,
  PluginName,
  parseManifest,
  pluginConfig,
} from './plugins/manifest.js';
export {
  checkParams,
  type ParamIssue,
  paramProblem,
  parseParamArgs,
  resolveParams,
} from './plugins/params.js';
export {
  type InstalledPlugin,
  type InstallProgress,
  PLUGIN_CONFIG_LABEL,
  PLUGIN_LABEL,
  PLUGIN_VERSION_LABEL,
  type PluginChangeOptions,
  PluginRegistry,
  type PluginRegistryOptions,
  type ResolvedPluginConfig,
} from './plugins/registry.js';
export { compareVersions, isVersion, isVersionRange, satisfies } from './plugins/versions.js';
export {
  haveTshark,
  type PcapFrame,
  type PcapRunOptions,
  type PcapRunResult,
  diffFrames,
  etherFrame,
  pcapConfig,
  type PortReplacement,
  replacePorts,
  type PluginUnderTest,
  preparePlugin,
  readPcap,
  runOnPcaps,
  tsharkFields,
  writePcap,
} from './plugins/harness.js';
export { buildElementPackage, locateRunProgram, locateSdk } from './plugins/toolchain.js';
export { type HandlerRun, runWithWrites } from './plugins/handler-run.js';
export {
  arp,
  checksum,
  eth,
  forwarded,
  type IPv4Options,
  icmp,
  ipBytes,
  ipOf,
  ipText,
  ipv4,
  macBytes,
  macText,
  TCP,
  tcp,
  udp,
} from './plugins/packets.js';
export { elementApiVersion, type ScaffoldResult, scaffoldPlugin } from './plugins/scaffold.js';
export {
  Chain,
  CHAIN_LABEL,
  ChainFile,
  type ChainInput,
  type ResolvedChain,
  type ResolvedInstance,
  ChainName,
  type ChainValue,
  POSITION_LABEL,
} from './chains/schema.js';
export { type ChainDocument, loadChain, loadChainFile, parseChain, readChain } from './chains/load.js';
export { type Change, type CurrentState, describeChange, planChain } from './chains/plan.js';
export { type ChainDiagnostic, type PluginSource, resolveChain } from './chains/resolve.js';
export {
  ApplyError,
  applyChain,
  type ChainOptions,
  chainNames,
  currentState,
  diffChain,
  emptyChain,
} from './chains/apply.js';
