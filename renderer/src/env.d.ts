/// <reference types="vite/client" />
import type { FleetplanBridge } from '../../shared/contract'

declare global {
  interface Window {
    /** Set by the Electron preload (preload/index.ts); absent in web mode, where the HTTP bridge stands in. */
    readonly fleetplan?: FleetplanBridge
  }
}

export {}
