/**
 * A graceful stop for long CLI runs: the first SIGINT (Ctrl-C) or SIGTERM
 * fires `signal` so the work can finish its step and save; a second one
 * exits at once with the conventional 128 + signal number. `dispose` removes
 * the handlers and restores Node's default (exit on the signal).
 */
export type SignalStop = {
  signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM; undefined while no signal came. */
  exitCode(): number | undefined;
  dispose(): void;
};

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export function stopOnSignals(onStop: (signal: keyof typeof EXIT_CODES) => void): SignalStop {
  const controller = new AbortController();
  let code: number | undefined;
  const handlers = Object.keys(EXIT_CODES).map((name) => {
    const sig = name as keyof typeof EXIT_CODES;
    const handler = () => {
      if (controller.signal.aborted) process.exit(EXIT_CODES[sig]);
      code = EXIT_CODES[sig];
      onStop(sig);
      controller.abort();
    };
    process.on(sig, handler);
    return [sig, handler] as const;
  });
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose: () => {
      for (const [sig, handler] of handlers) process.off(sig, handler);
    },
  };
}
