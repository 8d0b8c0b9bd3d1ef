declare global {
  // Set by scripts/adm.js: whether this process runs the compiled bundle or the sources through tsx.
  var admRuntime: { kind: 'bundle' | 'sources'; detail: string } | undefined;
}

export interface RuntimeInfo {
  /** `embedded`: loaded by another program (tests, a bench child), not through the `adm` command. */
  kind: 'bundle' | 'sources' | 'embedded';
  /** The bundle's entry, or why the sources run. */
  detail: string;
}

export function runtimeInfo(): RuntimeInfo {
  return globalThis.admRuntime ?? { kind: 'embedded', detail: 'not started through the adm command' };
}
