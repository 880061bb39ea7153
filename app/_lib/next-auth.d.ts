import type { Role } from "@/lib/db/generated/enums";

// The claims Likeness keeps in the next-auth JWT and exposes on the session.
declare module "next-auth" {
  interface User {
    id: string;
    role: Role;
    studioId?: string | null;
  }
  interface Session {
    user: { userId: string; role: Role; name: string; email: string; studioId: string | null };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId: string;
    role: Role;
    studioId: string | null;
  }
}
