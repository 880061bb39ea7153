import { z } from "zod";

// One error type for the whole domain, mapped to HTTP in one place (httpStatus).
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "VALIDATION"
  | "CONFLICT"
  | "ILLEGAL_TRANSITION"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMITED"
  | "GONE";

export type FieldErrors = Record<string, string>;

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 422,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  GONE: 410,
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = "AppError";
  }
  get httpStatus(): number {
    return STATUS[this.code];
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, fields: this.fields } };
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} was not found`);
export const forbidden = (why: string) => new AppError("FORBIDDEN", why);
export const invalid = (field: string, message: string) => new AppError("VALIDATION", message, { [field]: message });

/** Field name -> first message, from a Zod error ("territories.0" style paths). */
export function zodFieldErrors(err: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of err.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

/**
 * The VALIDATION error for these field errors. Its message is for people: the
 * one problem as it is, or how many fields to correct; never the fields' code
 * names ("Please correct: title, allowedCategories, _" once), which `fields`
 * carries for programs and forms map to their labels (FormErrorSummary).
 */
export function validationError(fields: FieldErrors): AppError {
  const messages = Object.values(fields);
  const message = messages.length === 1 ? messages[0]! : `Please correct these ${messages.length} fields.`;
  return new AppError("VALIDATION", message, fields);
}

/** Parses input with a schema or throws a VALIDATION AppError naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(zodFieldErrors(result.error));
  return result.data;
}
