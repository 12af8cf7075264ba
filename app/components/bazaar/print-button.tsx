/**
 * Opens the browser's print dialog. Without JavaScript the button does nothing, so it says what else to do:
 * the page prints as it is with the browser's own Print command.
 */
export function PrintButton({ label }: { label: string }) {
  return (
    <>
      <button type="button" className="button" onClick={() => window.print()}>
        {label}
      </button>
      <noscript>
        <span className="muted">Use your browser's Print command (Ctrl+P).</span>
      </noscript>
    </>
  );
}
