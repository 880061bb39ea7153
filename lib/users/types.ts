import { z } from "zod";
import { text } from "@/lib/validation/text";

export const SIGN_UP_ROLES = ["TALENT", "AGENT", "ESTATE", "STUDIO"] as const;
export type SignUpRole = (typeof SIGN_UP_ROLES)[number];

export const ROLE_LABELS: Record<string, string> = {
  TALENT: "Talent",
  AGENT: "Agent",
  ESTATE: "Estate",
  STUDIO: "Studio",
  ADMIN: "Admin",
};

/** The longest email address (RFC 5321's path limit less the angle brackets). */
export const MAX_EMAIL_LENGTH = 254;

export const ZSignUp = z
  .object({
    role: z.enum(SIGN_UP_ROLES, { message: "Choose talent, agent, estate or studio" }),
    name: text({ min: 2, max: 120, tooShort: "Enter your full name", tooLong: "Name is too long" }),
    email: text({ max: MAX_EMAIL_LENGTH }).toLowerCase().email("Enter a valid email address"),
    password: z.string().min(10, "Use at least 10 characters").max(200, "Use at most 200 characters"),
    /** For a studio: creates the studio with this user as owner. Blank to join an existing studio (its owner adds you). */
    studioName: text({ max: 120, tooLong: "Studio name is too long" }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role === "STUDIO" && v.studioName !== undefined && [...v.studioName].length === 1) {
      ctx.addIssue({ code: "custom", path: ["studioName"], message: "Enter your studio's full name" });
    }
  });
export type TSignUp = z.input<typeof ZSignUp>;
