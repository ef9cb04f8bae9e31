import type { Metadata } from "next";

export const metadata: Metadata = { title: "Today" };

// The page itself is a client component (it reads the local database); this server module gives it its title.
export { default } from "./today-page";
