// Listener data from a host (SPEC §1): Linux /proc collection and importers for ss and netstat.
export { collectListeners, HOST_PROC, type ProcOptions } from './collect.js';
export { AgentError } from './errors.js';
export { DEFAULT_IMDS_ENDPOINT, instanceIdFromImds, type ImdsOptions } from './instance-id.js';
export { isoSeconds, renderListenerFile, uniqueListeners, type ListenerFile } from './listener-file.js';
export { parseNetstatWindows } from './netstat-windows-import.js';
export { parseProcNetTable, procHexAddress, PROC_NET_TABLES, type Endianness, type ProcSocket } from './proc-net.js';
export { parseSsOutput } from './ss-import.js';
export { csvFields, parseTasklistCsv } from './tasklist-csv.js';
