import type { Metadata } from "next";
import { Suspense } from "react";
import { SignUpForm } from "./signup-form";

export const metadata: Metadata = { title: "Create your account" };

export default function SignUpPage() {
  // useSearchParams (for ?invite=CODE) needs a Suspense boundary so the page can still be prerendered.
  return (
    <Suspense>
      <SignUpForm />
    </Suspense>
  );
}
