// proxy.ts copies the requested path into this request header so that server
// code (requireActor) can send a signed-out user back to it after sign-in.
export const CURRENT_PATH_HEADER = "x-likeness-path";
