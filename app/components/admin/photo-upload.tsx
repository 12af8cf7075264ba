import { useRevalidator } from "@remix-run/react";
import { useState, type FormEvent } from "react";

/**
 * Without JavaScript this is a plain multipart form posted to the product page. With JavaScript the same
 * form is sent by XMLHttpRequest (fetch can't report upload progress) so a progress bar can run.
 */
export function PhotoUpload({ productId, maxMb, maxFiles, error }: { productId: number; maxMb: number; maxFiles: number; error?: string }) {
  const revalidator = useRevalidator();
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(error ? { ok: false, text: error } : null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const files = (form.elements.namedItem("photos") as HTMLInputElement).files;
    if (files && [...files].some((f) => f.size > maxMb * 1024 * 1024)) {
      setMessage({ ok: false, text: `Each photo must be ${maxMb} MB or smaller.` });
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/admin/products/${productId}/photos`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      setProgress(null);
      let body: { ok?: boolean; message?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        body = { ok: false, message: xhr.status === 413 ? `Each photo must be ${maxMb} MB or smaller.` : "The upload failed. Please try again." };
      }
      const ok = xhr.status >= 200 && xhr.status < 300 && body.ok === true;
      setMessage({ ok, text: body.message ?? (ok ? "Uploaded." : "The upload failed.") });
      if (ok) {
        form.reset();
        revalidator.revalidate();
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setMessage({ ok: false, text: "The connection dropped during the upload. Please try again." });
    };
    setMessage(null);
    setProgress(0);
    xhr.send(new FormData(form));
  }

  return (
    <form method="post" encType="multipart/form-data" onSubmit={onSubmit} aria-label="Upload photos" className="admin-card form-grid">
      <input type="hidden" name="intent" value="upload" />
      <div className="field">
        <label htmlFor="photo-files">Photos</label>
        <input id="photo-files" name="photos" type="file" accept="image/jpeg,image/png,image/webp,image/avif" multiple required aria-describedby="photo-hint" />
        <p id="photo-hint" className="field-hint">
          JPEG, PNG, WebP or AVIF, up to {maxMb} MB each, {maxFiles} at a time. The original is kept; shop sizes are made automatically.
        </p>
      </div>
      <div className="field">
        <label htmlFor="photo-alt">Describe the photo</label>
        <input id="photo-alt" name="alt" required maxLength={200} placeholder="e.g. Rattan basket with lid, side view" />
      </div>
      <div className="field">
        <button type="submit" className="button" disabled={progress !== null}>
          {progress === null ? "Upload photos" : "Uploading…"}
        </button>
      </div>
      {progress !== null ? (
        <div className="upload-progress field-wide">
          <label htmlFor="upload-progress">{progress < 100 ? `Uploading: ${progress}%` : "Making shop sizes…"}</label>
          <progress id="upload-progress" max={100} value={progress < 100 ? progress : undefined} />
        </div>
      ) : null}
      {message ? (
        <p className={`field-wide ${message.ok ? "notice" : "notice notice-error"}`} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
