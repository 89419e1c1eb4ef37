/** One server of the local stack, as the orchestrator sees it. */
export interface Service {
  name: string;
  /** Every port it binds; all must be free before it starts. */
  ports: number[];
  /** Downloads what it needs into the cache, once. */
  install(): Promise<void>;
  /**
   * A string in the server's command line that names this service and its port: tells our
   * process from a reused pid, and finds one whose start was interrupted before it was recorded.
   */
  marker: string;
  /** Prepares fresh data and spawns the server; returns its pid. */
  launch(): Promise<number>;
  /** Removes what a stopped server leaves behind (optional). */
  cleanup?(): void;
  /** True once the server answers a real request. */
  ready(): Promise<boolean>;
  startTimeoutMs: number;
  logFile: string;
}
