import { approveByRule, evaluatePlan, getApprovalRules, setApprovalRules } from '../../autonomy/rules'
import { replan } from '../../drift/replan'
import { planStatus, setDriftDays } from '../../drift/status'
import type { HandlerTable } from '../handler-types'

export const autonomyHandlers: HandlerTable<
  'approval-rules-get' | 'approval-rules-set' | 'plan-rules-check' | 'plan-approve-by-rule' | 'plan-status' | 'plan-drift-days-set' | 'plan-replan'
> = {
  'approval-rules-get': (_input, { ws }) => getApprovalRules(ws.db),
  'approval-rules-set': (input, { ws, events, now }) => {
    const rules = setApprovalRules(ws.db, input, now)
    events.emit({ type: 'tables-changed', tables: ['policy_setting'] })
    return rules
  },
  'plan-rules-check': ({ id }, { ws }) => evaluatePlan(ws.db, id),
  'plan-approve-by-rule': ({ id }, { ws, events, now }) => {
    const r = approveByRule(ws.db, id, now)
    events.emit({ type: 'tables-changed', tables: ['plan', 'plan_audit'] })
    return r
  },
  'plan-status': ({ id, consecutiveDays }, { ws }) => planStatus(ws.db, id, consecutiveDays),
  'plan-drift-days-set': ({ consecutiveDays }, { ws, events, now }) => {
    const n = setDriftDays(ws.db, consecutiveDays, now)
    events.emit({ type: 'tables-changed', tables: ['policy_setting'] })
    return { consecutiveDays: n }
  },
  'plan-replan': ({ id, name }, { ws, events, now }) => {
    const plan = replan(ws.db, id, name, now)
    events.emit({ type: 'tables-changed', tables: ['plan', 'plan_audit', 'plan_policy', 'plan_forecast'] })
    return plan
  },
}
