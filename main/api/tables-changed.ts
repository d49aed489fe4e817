import type { TableName } from '../../shared/tables'
import type { EventBus } from '../jobs/event-bus'

/** Returns a write's result after telling every window which tables it changed (so their views reload). */
export function changed<T>(events: EventBus, tables: TableName[], result: T): T {
  events.emit({ type: 'tables-changed', tables })
  return result
}
