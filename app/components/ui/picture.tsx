import { srcSet, type ImageRef } from "~/utils/images";

/**
 * Responsive image: AVIF, then WebP, then JPEG, each at every width, with intrinsic width and height
 * so the layout never shifts. `sizes` must describe the rendered width.
 */
export function Picture({
  image,
  sizes,
  priority = false,
  className,
  alt,
}: {
  image: ImageRef;
  sizes: string;
  priority?: boolean;
  className?: string;
  alt?: string;
}) {
  const fallbackWidth = image.widths.find((w) => w >= 640) ?? image.widths[image.widths.length - 1]!;
  const height = Math.round((image.height / image.width) * fallbackWidth);
  return (
    <picture className={className}>
      <source type="image/avif" srcSet={srcSet(image.hash, image.widths, "avif")} sizes={sizes} />
      <source type="image/webp" srcSet={srcSet(image.hash, image.widths, "webp")} sizes={sizes} />
      <img
        src={`/images/${image.hash}/${fallbackWidth}.jpg`}
        srcSet={srcSet(image.hash, image.widths, "jpeg")}
        sizes={sizes}
        width={fallbackWidth}
        height={height}
        alt={alt ?? image.alt}
        loading={priority ? "eager" : "lazy"}
        decoding={priority ? "sync" : "async"}
        {...(priority ? { fetchpriority: "high" } : {})}
        style={{ backgroundColor: image.placeholder }}
      />
    </picture>
  );
}

/** Shown where a product has no photo yet, in the listing and on its page alike: a woven tile, not a gap. */
export function PhotoPlaceholder({ title, className }: { title?: string; className?: string }) {
  return (
    <div className={`image-missing${className ? ` ${className}` : ""}`} role="img" aria-label={title ? `No photo of ${title} yet` : "No photo yet"}>
      <svg viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" className="image-missing-mark">
        <path d="M8 20h32l-4 20H12z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
        <path d="M15 20c0-6 4-11 9-11s9 5 9 11M10 27h28M11 33h26M17 20l2 20M24 20v20M31 20l-2 20" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <span className="image-missing-text">Photo coming soon</span>
    </div>
  );
}
