/** A key to a chart or the map: each entry a swatch (styled by its class) and what it stands for. */
export function Legend({ label, items }: { label: string; items: readonly { swatch: string; text: string }[] }) {
  return (
    <ul className="impact-legend" aria-label={label}>
      {items.map((item) => (
        <li key={item.swatch}>
          <span className={`legend-swatch ${item.swatch}`} aria-hidden="true" />
          {item.text}
        </li>
      ))}
    </ul>
  );
}
