import type { ReactNode } from "react";
import { TableScroll } from "./table-scroll";

type ListTableProps = {
  /** How many rows the list shows, announced as "3 quotes". */
  count: number;
  noun: string;
  /** The scrolling region's accessible name. */
  label: string;
  columns: readonly string[];
  /** The table's rows. */
  children: ReactNode;
};

/** A back-office list: its count for screen readers, and a table that scrolls sideways on a phone. */
export function ListTable({ count, noun, label, columns, children }: ListTableProps) {
  return (
    <div className="admin-card">
      <p className="muted" role="status">
        {count} {noun}
        {count === 1 ? "" : "s"}
      </p>
      <TableScroll label={label}>
        <table className="admin-table">
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </TableScroll>
    </div>
  );
}
