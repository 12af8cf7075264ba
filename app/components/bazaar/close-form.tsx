import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { countedCash, type DenominationCount } from "~/domain/bazaar/close-of-day";
import { parseMoneyInput } from "~/domain/money/money";
import { OverShort, rupiah } from "./close-sheet";

/** What a refused close sends back: the message, the field it is about, and what was typed, to show again. */
export type CloseResult = { message: string; fields: Record<string, string>; values: Record<string, string> };

type Denomination = { field: string; label: string; minor: number };

/** The counts as typed, where they read as whole pieces; anything else counts as none until it is fixed. */
function countsOf(values: Record<string, string>, denominations: readonly Denomination[]): DenominationCount {
  const counts: DenominationCount = {};
  for (const d of denominations) {
    const typed = (values[d.field] ?? "").trim();
    if (/^\d{1,6}$/.test(typed)) counts[String(d.minor)] = Number(typed);
  }
  return counts;
}

function floatOf(text: string): number | null {
  try {
    const minor = parseMoneyInput(text, "IDR");
    return minor >= 0 ? minor : null;
  } catch {
    return null;
  }
}

/**
 * The drawer count for one day. The server checks and computes everything on submit; with JavaScript the counted
 * total and the over or short follow the typing, so the person counting sees a difference before they send it.
 */
export function CloseForm(props: { day: string; floatInput: string; cashSalesMinor: number; denominations: readonly Denomination[]; blocked: boolean; supervisor: boolean; result?: CloseResult }) {
  const { day, denominations, blocked, supervisor, result } = props;
  const initial = result?.values ?? {};
  const [typed, setTyped] = useState<Record<string, string>>(() => ({ openingFloat: props.floatInput, ...initial }));
  const busy = useNavigation().state === "submitting";
  const counted = countedCash(countsOf(typed, denominations));
  const float = floatOf(typed.openingFloat ?? "");
  const expected = float === null ? null : float + props.cashSalesMinor;
  const error = (field: string) => result?.fields[field];
  const track = (event: React.ChangeEvent<HTMLInputElement>) => setTyped((t) => ({ ...t, [event.target.name]: event.target.value }));

  if (blocked && !supervisor) {
    return (
      <div className="close-supervisor">
        <h3>A supervisor must close this day</h3>
        <p>
          A till still holds sales or misses sale numbers. Sync every till and reload this page; if a till cannot sync, ask a supervisor (staff) to close the day with a reason.
        </p>
      </div>
    );
  }
  return (
    <Form method="post" className="close-form" aria-label={`Close ${day}`} noValidate>
      <input type="hidden" name="intent" value="close" />
      <input type="hidden" name="day" value={day} />
      {result?.message ? (
        <p className="notice notice-error" role="alert">
          {result.message}
        </p>
      ) : null}
      <div className="field close-float">
        <label htmlFor="close-float">Opening float (Rp)</label>
        <input id="close-float" name="openingFloat" inputMode="numeric" defaultValue={typed.openingFloat} onChange={track} aria-invalid={error("openingFloat") ? true : undefined} aria-describedby="close-float-hint" />
        <p id="close-float-hint" className="field-hint">
          The cash the drawer started the day with.
        </p>
      </div>
      <fieldset className="close-count">
        <legend>Cash counted</legend>
        <div className="count-grid">
          {denominations.map((d) => (
            <div key={d.field} className="field count-field">
              <label htmlFor={`close-${d.field}`}>{d.label}</label>
              <input
                id={`close-${d.field}`}
                name={d.field}
                inputMode="numeric"
                pattern="[0-9]*"
                placeholder="0"
                defaultValue={initial[d.field] ?? ""}
                onChange={track}
                aria-invalid={error(d.field) ? true : undefined}
                aria-describedby={error(d.field) ? `close-${d.field}-error` : undefined}
              />
              {error(d.field) ? (
                <p id={`close-${d.field}-error`} className="field-errors">
                  {error(d.field)}
                </p>
              ) : null}
            </div>
          ))}
        </div>
      </fieldset>
      <dl className="close-balance" aria-live="polite">
        <div>
          <dt>Expected cash</dt>
          <dd>{expected === null ? "—" : rupiah(expected)}</dd>
        </div>
        <div>
          <dt>Counted</dt>
          <dd>{rupiah(counted)}</dd>
        </div>
        <div>
          <dt>Over / short</dt>
          <dd>{expected === null ? "—" : <OverShort differenceMinor={counted - expected} />}</dd>
        </div>
      </dl>
      <div className="field">
        <label htmlFor="close-notes">Notes</label>
        <textarea id="close-notes" name="notes" rows={3} defaultValue={initial.notes ?? ""} aria-invalid={error("notes") ? true : undefined} aria-describedby="close-notes-hint" />
        <p id="close-notes-hint" className={error("notes") ? "field-errors" : "field-hint"}>
          {error("notes") ?? "Needed when the count is over or short: say what happened."}
        </p>
      </div>
      {blocked ? (
        <div className="field close-override">
          <label htmlFor="close-override">Supervisor's reason to close anyway</label>
          <textarea id="close-override" name="overrideReason" rows={2} defaultValue={initial.overrideReason ?? ""} aria-invalid={error("overrideReason") ? true : undefined} aria-describedby="close-override-hint" />
          <p id="close-override-hint" className={error("overrideReason") ? "field-errors" : "field-hint"}>
            {error("overrideReason") ?? "Why the day is closed while a till still holds sales or misses numbers. It is kept with the close."}
          </p>
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {blocked ? `Close ${day} anyway` : `Close ${day}`}
        </button>
      </div>
    </Form>
  );
}
