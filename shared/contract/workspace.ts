/** Contract methods: workspace and its snapshots (imports). */
import { z } from 'zod'
import type { Snapshot, WorkspaceInfo } from '../types'
import { call, empty, result } from './spec'

export const workspaceMethods = {
  'workspace-info': call('Describe the open workspace: file, period, rows, total cost.', empty, result<WorkspaceInfo>()),
  'snapshot-list': call('List every import (snapshot), newest first.', empty, result<Snapshot[]>()),
  'snapshot-delete': call(
    'Delete a snapshot and every row it brought.',
    z.object({ id: z.number().int().positive() }).strict(),
    result<{ deleted: boolean }>(),
  ),
} as const
