/** Contract methods: workspace and its snapshots (imports). */
import { z } from 'zod'
import type { Snapshot, WorkspaceInfo, WorkspaceList } from '../types'
import { call, empty, job, result } from './spec'

export const workspaceMethods = {
  'workspace-info': call('Describe the open workspace: file, period, rows, total cost.', empty, result<WorkspaceInfo>()),
  'snapshot-list': call('List every import (snapshot), newest first.', empty, result<Snapshot[]>()),
  'workspace-list': call('The open workspace, the recent ones (newest first) and the demo workspace.', empty, result<WorkspaceList>()),
  'workspace-open': call(
    'Open another workspace file (absolute path). Refused while jobs run in the open one, unless cancelJobs (they are cancelled and rolled back first).',
    z.object({ path: z.string().trim().min(1, 'required').max(4096), cancelJobs: z.boolean().default(false) }).strict(),
    result<WorkspaceInfo>(),
  ),
  'workspace-create': call(
    'Create a new, empty workspace file (absolute path; never overwrites a file) and open it.',
    z.object({ path: z.string().trim().min(1, 'required').max(4096), cancelJobs: z.boolean().default(false) }).strict(),
    result<WorkspaceInfo>(),
  ),
  'workspace-open-demo': job(
    'Open the demo workspace, building it from the bundled demo files if it was removed.',
    z.object({ cancelJobs: z.boolean().default(false) }).strict(),
    result<WorkspaceInfo>(),
  ),
  'workspace-remove-demo': call('Delete the demo workspace file (it must not be the open one); it is not rebuilt at the next launch.', empty, result<WorkspaceList>()),
  'workspace-forget': call(
    'Remove a workspace from the recent list (the file stays).',
    z.object({ path: z.string().min(1).max(4096) }).strict(),
    result<WorkspaceList>(),
  ),
  'snapshot-delete': call(
    'Delete a snapshot and every row it brought.',
    z.object({ id: z.number().int().positive() }).strict(),
    result<{ deleted: boolean }>(),
  ),
} as const
