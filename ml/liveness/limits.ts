// Apart from analyze-consent-video.ts so the web app can check an upload's length without loading tfjs.

/** A consent video longer than this is refused (the page records about 10 s). */
export const MAX_CONSENT_VIDEO_SECONDS = 60;
