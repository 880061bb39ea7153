"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { formatBytes } from "@/lib/format/size";
import { FieldError } from "./field-error";
import { useFieldId } from "./use-action-form";
import { postWithProgress } from "@/app/_lib/post-with-progress";

type Upload = {
  key: string;
  name: string;
  size: number;
  progress: number;
  status: "uploading" | "done" | "failed";
  id?: string;
  error?: string;
};

type Props = {
  /** Name of the hidden input(s) carrying the uploaded ids, for an enclosing form. */
  name: string;
  label: string;
  /** Route handler that takes multipart form data and answers JSON with `id` (or an ErrorBody). */
  uploadUrl: string;
  accept?: string;
  multiple?: boolean;
  /** Checked before sending, so a too-large file fails at once; the server checks again. */
  maxBytes?: number;
  hint?: string;
  /** Multipart field name of the file. */
  fileField?: string;
  /** Extra multipart fields sent with each file (e.g. kind=RELEASE). */
  fields?: Record<string, string>;
  /** Re-render the page's server data once every upload has finished (e.g. a photo grid). */
  refreshOnComplete?: boolean;
  error?: string;
};

type ErrorJson = { error?: { message?: string; fields?: Record<string, string> } };

/** Uploads files as soon as they are chosen, with a progress bar each; the form then submits their ids. */
export function FileInput({
  name,
  label,
  uploadUrl,
  accept,
  multiple = false,
  maxBytes,
  hint,
  fileField = "file",
  fields = {},
  refreshOnComplete = false,
  error,
}: Props) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const router = useRouter();
  const inputId = useFieldId(name);
  const keyBase = useId();
  const update = (key: string, patch: Partial<Upload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...patch } : u)));

  async function uploadOne(file: File, key: string) {
    if (maxBytes && file.size > maxBytes) {
      update(key, { status: "failed", error: `This file is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}.` });
      return;
    }
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    body.append(fileField, file);
    try {
      const { status, json } = await postWithProgress(uploadUrl, body, { onProgress: (p) => update(key, { progress: p }) });
      const ok = status >= 200 && status < 300;
      const id = (json as { id?: unknown } | null)?.id;
      if (ok && typeof id === "string") {
        update(key, { status: "done", progress: 1, id });
      } else {
        const err = (json as ErrorJson | null)?.error;
        const detail = err?.fields && Object.values(err.fields)[0];
        update(key, { status: "failed", error: detail || err?.message || `The upload failed (HTTP ${status}). Try again.` });
      }
    } catch (e) {
      update(key, { status: "failed", error: (e as Error).message });
    }
  }

  async function onChange(e: React.ChangeEvent<HTMLInputElement>) {
    const files = [...(e.target.files ?? [])];
    e.target.value = "";
    const batch = files.map((f, i) => ({
      key: `${keyBase}-${Date.now()}-${i}`,
      name: f.name,
      size: f.size,
      progress: 0,
      status: "uploading" as const,
    }));
    setUploads((all) => (multiple ? [...all, ...batch] : batch));
    // One at a time: parallel uploads of large footage would share the bandwidth and all finish late.
    for (const [i, file] of files.entries()) await uploadOne(file, batch[i]!.key);
    if (refreshOnComplete) router.refresh();
  }

  return (
    <div>
      <label htmlFor={inputId} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      {hint && <p className="mt-0.5 text-sm text-zinc-500">{hint}</p>}
      <input
        id={inputId}
        type="file"
        accept={accept}
        multiple={multiple}
        onChange={onChange}
        className="mt-1.5 block w-full text-sm text-zinc-700 file:mr-3 file:rounded-md file:border-0 file:bg-accent-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-accent-800 hover:file:bg-accent-100"
      />
      {uploads.length > 0 && (
        <ul className="mt-3 space-y-2" aria-live="polite">
          {uploads.map((u) => (
            <li key={u.key} className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm">
              <div className="flex items-center justify-between gap-3">
                <span className="truncate font-medium text-zinc-800">{u.name}</span>
                <span className="shrink-0 text-xs text-zinc-500">
                  {u.status === "uploading" ? `${Math.round(u.progress * 100)}%` : u.status === "done" ? "Uploaded" : "Failed"} ·{" "}
                  {formatBytes(u.size)}
                </span>
              </div>
              {u.status !== "failed" && (
                <div
                  className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-zinc-100"
                  role="progressbar"
                  aria-label={`Uploading ${u.name}`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(u.progress * 100)}
                >
                  <div
                    className={`h-full rounded-full transition-all ${u.status === "done" ? "bg-emerald-500" : "bg-accent-500"}`}
                    style={{ width: `${Math.round(u.progress * 100)}%` }}
                  />
                </div>
              )}
              {u.error && <p className="mt-1 text-red-700">{u.error}</p>}
              {u.id && <input type="hidden" name={name} value={u.id} />}
            </li>
          ))}
        </ul>
      )}
      <FieldError name={name} message={error} />
    </div>
  );
}
