import { z } from "zod";

export const SIGN_UP_ROLES = ["TALENT", "AGENT", "ESTATE", "STUDIO"] as const;
export type SignUpRole = (typeof SIGN_UP_ROLES)[number];

export const ROLE_LABELS: Record<string, string> = {
  TALENT: "Talent",
  AGENT: "Agent",
  ESTATE: "Estate",
  STUDIO: "Studio",
  ADMIN: "Admin",
};

export const ZSignUp = z
  .object({
    role: z.enum(SIGN_UP_ROLES, { message: "Choose talent, agent, estate or studio" }),
    name: z.string().trim().min(2, "Enter your full name").max(120, "Name is too long"),
    email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
    password: z
      .string()
      .min(10, "Use at least 10 characters")
      .max(200, "Use at most 200 characters"),
    /** For a studio: creates the studio with this user as owner. Blank to join an existing studio (its owner adds you). */
    studioName: z.string().trim().max(120, "Studio name is too long").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role === "STUDIO" && v.studioName !== undefined && v.studioName.length === 1) {
      ctx.addIssue({ code: "custom", path: ["studioName"], message: "Enter your studio's full name" });
    }
  });
export type TSignUp = z.input<typeof ZSignUp>;
