/**
 * The Electron shell — the only main-process module that imports electron. It owns the window and IPC;
 * everything else is the same backend the web host and the CLI use.
 */
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { IPC_EVENT_CHANNEL, IPC_PICK_DIRECTORY, IPC_PICK_WORKSPACE, ipcChannel, methodNames } from '../../shared/contract'
import { CONTENT_SECURITY_POLICY } from '../host/server'
import { electronSqliteBinding } from './native-binding'

const here = dirname(fileURLToPath(import.meta.url))

// Must be decided before better-sqlite3 is first loaded (by the backend import below).
const binding = electronSqliteBinding(app.getAppPath())
if (binding) process.env.FLEETPLAN_SQLITE_BINDING = binding
process.env.FLEETPLAN_HOME ??= app.getPath('userData')
if (app.isPackaged) process.env.FLEETPLAN_RESOURCES ??= join(process.resourcesPath, 'resources')

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  void start()
}

async function start(): Promise<void> {
  await app.whenReady()
  const { startBackend } = await import('../backend')
  const backend = await startBackend({ remember: true })

  for (const name of methodNames) {
    ipcMain.handle(ipcChannel(name), (_event, input: unknown) => backend.dispatcher.dispatch(name, input))
  }

  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Fleetplan',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  ipcMain.handle(IPC_PICK_DIRECTORY, async () => {
    const r = await dialog.showOpenDialog(win, { properties: ['openDirectory'] })
    return r.canceled ? null : (r.filePaths[0] ?? null)
  })
  // Workspace files: the native Open / Save dialogs; the path then goes through workspace-open / workspace-create.
  ipcMain.handle(IPC_PICK_WORKSPACE, async (_event, mode: unknown) => {
    const filters = [{ name: 'Fleetplan workspace', extensions: ['sqlite', 'db'] }]
    if (mode === 'new') {
      const r = await dialog.showSaveDialog(win, { title: 'New workspace', defaultPath: 'workspace.fleetplan.sqlite', filters, properties: ['createDirectory', 'showOverwriteConfirmation'] })
      return r.canceled ? null : (r.filePath ?? null)
    }
    const r = await dialog.showOpenDialog(win, { title: 'Open workspace', filters, properties: ['openFile'] })
    return r.canceled ? null : (r.filePaths[0] ?? null)
  })
  const unsubscribe = backend.events.subscribe((e) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, e)
  })

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  // The app never navigates or opens windows; links go to the system browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.once('ready-to-show', () => win.show())

  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (devUrl) await win.loadURL(devUrl)
  else await win.loadFile(join(here, '../renderer/index.html'))

  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  app.on('window-all-closed', () => {
    unsubscribe()
    void backend.close().then(() => app.quit())
  })
}

