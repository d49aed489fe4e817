/** Entry of the billing writer thread (see billing-writer.ts): a SQLite connection fed with row batches. */
import { parentPort, workerData } from 'node:worker_threads'
import { serveWriter, type WriterMessage } from './billing-writer'

const port = parentPort
if (!port) throw new Error('billing-writer-thread must run as a worker thread')
const handle = serveWriter(
  (workerData as { workspacePath: string }).workspacePath,
  (r) => port.postMessage(r),
  () => port.close(),
)
port.on('message', (m: WriterMessage) => handle(m))
