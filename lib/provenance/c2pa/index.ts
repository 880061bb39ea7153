// Content Credentials: a signed C2PA manifest embedded in delivered JPEG, PNG
// and MP4 files with the C2PA project's own library (see ../README.md).
export { C2PA_FORMATS, embedC2pa, embedC2paFile, isC2paFormat, LICENSE_ASSERTION } from "./manifest";
export type { C2paFormat, C2paLicenseInfo } from "./manifest";
export { readC2pa } from "./read";
export type { C2paSummary } from "./read";
export { developmentCredentials, loadC2paCredentials } from "./credentials";
export type { C2paCredentials } from "./credentials";
export { issueSigningChain } from "./der";
