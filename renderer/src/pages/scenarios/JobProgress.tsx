import type { PageJob } from '../../store/scenario-slice'
import { ProgressBar } from '../../components/ui'

/** A running job's progress bar with its Cancel button (enabled once the job has an id). */
export function JobProgress({ job, onCancel, testId, cancelTestId }: { job: PageJob; onCancel: () => void; testId: string; cancelTestId?: string }) {
  return (
    <div className="form-row" data-testid={testId}>
      <div style={{ flex: 1 }}>
        <ProgressBar label={job.step} current={job.current} total={job.total} />
      </div>
      <button type="button" className="btn btn-small" onClick={onCancel} disabled={!job.jobId} data-testid={cancelTestId}>
        Cancel
      </button>
    </div>
  )
}
