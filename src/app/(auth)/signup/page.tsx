import { Suspense } from "react";
import { SignUpForm } from "./signup-form";

export default function SignUpPage() {
  // useSearchParams (for ?invite=CODE) needs a Suspense boundary so the page can still be prerendered.
  return (
    <Suspense>
      <SignUpForm />
    </Suspense>
  );
}
