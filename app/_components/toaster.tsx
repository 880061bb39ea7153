"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";

// Page-level confirmations ("Offer revoked; 1 open request closed."). A dialog
// or form that disappears when the page refreshes after its action cannot show
// its own success message, so it hands the message to this region, which lives
// in the root layout and survives the refresh.

type Toast = { id: number; message: string };
const ToastContext = createContext<(message: string) => void>(() => undefined);

const VISIBLE_MS = 8000;

export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback((message: string) => {
    const id = nextId.current++;
    setToasts((all) => [...all.slice(-2), { id, message }]);
  }, []);
  return (
    <ToastContext value={show}>
      {children}
      <div
        role="status"
        aria-live="polite"
        className="pointer-events-none fixed inset-x-4 bottom-4 z-50 flex flex-col items-end gap-2 sm:left-auto"
      >
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(toast.id), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [toast.id, onDismiss]);
  return (
    <div className="pointer-events-auto flex max-w-sm items-start gap-3 rounded-md bg-zinc-900 px-4 py-3 text-sm text-white shadow-lg">
      <p className="flex-1">{toast.message}</p>
      <button type="button" onClick={() => onDismiss(toast.id)} className="text-zinc-300 hover:text-white" aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

/** Shows a short confirmation that outlives the component that asked for it. */
export function useToast(): (message: string) => void {
  return useContext(ToastContext);
}
