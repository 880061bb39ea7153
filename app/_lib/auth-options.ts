import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";

// Message shown on the sign-in form for a disabled account (next-auth passes a
// thrown error's message through as the sign-in error).
export const DISABLED_ACCOUNT_MESSAGE = "This account has been disabled. Contact support@likeness.example to restore access.";

// Verifying against a throwaway hash when the email is unknown keeps the
// response time the same as for a wrong password, so timing does not reveal
// which emails have accounts.
let dummyHash: Promise<string> | null = null;
const timingDummy = () => (dummyHash ??= hashPassword("likeness-timing-dummy"));

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        const email = credentials?.email?.trim().toLowerCase();
        const password = credentials?.password;
        if (!email || !password) return null;
        const user = await db().user.findUnique({
          where: { email },
          include: { studioMembership: { select: { studioId: true } } },
        });
        if (!user) {
          await verifyPassword(password, await timingDummy());
          return null;
        }
        if (!(await verifyPassword(password, user.passwordHash))) return null;
        if (user.disabledAt) throw new Error(DISABLED_ACCOUNT_MESSAGE);
        return {
          id: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          studioId: user.studioMembership?.studioId ?? null,
        };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      // `user` is present only on the sign-in request; later requests keep the token's claims.
      if (user) {
        token.userId = user.id;
        token.role = user.role;
        token.studioId = user.studioId ?? null;
        token.name = user.name;
        token.email = user.email;
      }
      return token;
    },
    async session({ session, token }) {
      session.user = {
        userId: token.userId,
        role: token.role as Role,
        name: token.name ?? "",
        email: token.email ?? "",
        studioId: token.studioId ?? null,
      };
      return session;
    },
  },
};
