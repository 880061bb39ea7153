import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { secretsConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { metaFromHeaders } from "@/lib/http/request-meta";

/** next-auth hands authorize the request's headers as a plain object. */
function headerReader(headers: Record<string, unknown> | undefined) {
  return { get: (name: string) => (typeof headers?.[name] === "string" ? (headers[name] as string) : null) };
}

export const authOptions: NextAuthOptions = {
  secret: secretsConfig().nextAuthSecret,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        try {
          return await signInWithPassword({
            db: db(),
            email: credentials?.email ?? "",
            password: credentials?.password ?? "",
            meta: metaFromHeaders(headerReader(req?.headers)),
          });
        } catch (err) {
          // next-auth passes a thrown error's message to the form as the sign-in error
          // (a lockout, a disabled account); anything else stays a generic failure.
          if (err instanceof AppError) throw new Error(err.message, { cause: err });
          throw err;
        }
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
