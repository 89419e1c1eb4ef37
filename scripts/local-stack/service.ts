/** One server of the local stack, as the orchestrator sees it. */
export interface Service {
  name: string;
  /** Every port it binds; all must be free before it starts. */
  ports: number[];
  /** Downloads what it needs into the cache, once. */
  install(): Promise<void>;
  /** Prepares fresh data and spawns the server; returns its pid and a string from its command line. */
  launch(): Promise<{ pid: number; marker: string }>;
  /** True once the server answers a real request. */
  ready(): Promise<boolean>;
  startTimeoutMs: number;
  logFile: string;
}
