/**
 * A hidden field only browsers without JavaScript submit (they parse <noscript> as markup). The action then
 * answers with a redirect and a flash message, so the next page reads the updated cookies; fetchers never send it.
 */
export function NoScriptRedirect({ to }: { to: string }) {
  return (
    <noscript>
      <input type="hidden" name="redirectTo" value={to} />
    </noscript>
  );
}
