/**
 * The narrow bridge: one typed object, `window.fleetplan`, with one function per contract method.
 * Channel names come from the contract; nothing here accepts an arbitrary channel.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import {
  IPC_EVENT_CHANNEL,
  IPC_PICK_DIRECTORY,
  IPC_PICK_WORKSPACE,
  camelCase,
  ipcChannel,
  methodNames,
  type ApiFunctions,
  type FleetplanBridge,
  type PushEvent,
} from '../shared/contract'

const api = Object.fromEntries(
  methodNames.map((name) => [camelCase(name), (input: unknown) => ipcRenderer.invoke(ipcChannel(name), input)]),
) as ApiFunctions

const bridge = {
  transport: 'electron',
  api,
  onEvent(listener: (event: PushEvent) => void) {
    const wrapped = (_e: unknown, event: PushEvent): void => listener(event)
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped)
    }
  },
  // In Electron a dropped or picked file has a real path; the main process reads it directly.
  stageFile(file: File) {
    return Promise.resolve({ ref: webUtils.getPathForFile(file), name: file.name, size: file.size })
  },
  pickDirectory: () => ipcRenderer.invoke(IPC_PICK_DIRECTORY) as Promise<string | null>,
  pickWorkspaceFile: (mode: 'open' | 'new') => ipcRenderer.invoke(IPC_PICK_WORKSPACE, mode === 'new' ? 'new' : 'open') as Promise<string | null>,
} satisfies FleetplanBridge

contextBridge.exposeInMainWorld('fleetplan', bridge)
