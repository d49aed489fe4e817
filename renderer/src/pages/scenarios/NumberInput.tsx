/** A number field that keeps an empty entry as NaN (so the form can say it is missing) instead of 0. */
export function NumberInput({
  value,
  onChange,
  label,
  min,
  max,
  step = 1,
  width = 90,
  testId,
}: {
  value: number
  onChange: (v: number) => void
  label: string
  min?: number
  max?: number
  step?: number
  width?: number
  testId?: string
}) {
  return (
    <input
      type="number"
      aria-label={label}
      value={Number.isFinite(value) ? value : ''}
      min={min}
      max={max}
      step={step}
      style={{ width }}
      onChange={(e) => onChange(e.target.value === '' ? NaN : Number(e.target.value))}
      data-testid={testId}
    />
  )
}

/** A labelled number field in a form row. */
export function NumberField(props: Parameters<typeof NumberInput>[0] & { caption: string }) {
  const { caption, ...input } = props
  return (
    <label className="field">
      <span className="field-label">{caption}</span>
      <NumberInput {...input} />
    </label>
  )
}
