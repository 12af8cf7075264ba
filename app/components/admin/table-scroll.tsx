import type { ReactNode } from "react";

/**
 * A wide table scrolls sideways inside this region instead of widening the page. It is named and focusable so
 * that keyboard and screen-reader users can find it and scroll it with the arrow keys.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="table-scroll">
      {children}
    </div>
  );
}
