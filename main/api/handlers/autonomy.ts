import { approveByRule, evaluatePlan, getApprovalRules, setApprovalRules } from '../../autonomy/rules'
import { replan } from '../../drift/replan'
import { planStatus, setDriftDays } from '../../drift/status'
import type { HandlerTable } from '../handler-types'
import { changed } from '../tables-changed'

export const autonomyHandlers: HandlerTable<
  'approval-rules-get' | 'approval-rules-set' | 'plan-rules-check' | 'plan-approve-by-rule' | 'plan-status' | 'plan-drift-days-set' | 'plan-replan'
> = {
  'approval-rules-get': (_input, { ws }) => getApprovalRules(ws.db),
  'approval-rules-set': (input, { ws, events, now }) => {
    return changed(events, ['policy_setting'], setApprovalRules(ws.db, input, now))
  },
  'plan-rules-check': ({ id }, { ws }) => evaluatePlan(ws.db, id),
  'plan-approve-by-rule': ({ id }, { ws, events, now }) => {
    return changed(events, ['plan', 'plan_audit'], approveByRule(ws.db, id, now))
  },
  'plan-status': ({ id, consecutiveDays }, { ws }) => planStatus(ws.db, id, consecutiveDays),
  'plan-drift-days-set': ({ consecutiveDays }, { ws, events, now }) => {
    const n = setDriftDays(ws.db, consecutiveDays, now)
    events.emit({ type: 'tables-changed', tables: ['policy_setting'] })
    return { consecutiveDays: n }
  },
  'plan-replan': ({ id, name }, { ws, events, now }) => {
    return changed(events, ['plan', 'plan_audit', 'plan_policy', 'plan_forecast'], replan(ws.db, id, name, now))
  },
}
