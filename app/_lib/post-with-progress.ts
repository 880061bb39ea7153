// POSTs a form (or a JSON string) and reports upload progress. XMLHttpRequest,
// not fetch: only XHR reports upload progress. Resolves with the status and the
// parsed JSON body (null when the answer is not JSON, e.g. a proxy's error page).
export function postWithProgress(
  url: string,
  body: FormData | string,
  opts: { onProgress?: (fraction: number) => void; onSent?: () => void } = {},
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "text";
    if (typeof body === "string") xhr.setRequestHeader("Content-Type", "application/json");
    xhr.upload.onprogress = (e) => e.lengthComputable && opts.onProgress?.(e.loaded / e.total);
    xhr.upload.onload = () => opts.onSent?.();
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: the status says enough.
      }
      resolve({ status: xhr.status, json });
    };
    xhr.onerror = () => reject(new Error("The connection failed during the upload. Check your network and try again."));
    xhr.send(body);
  });
}
