import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { DomusProvider } from "./_lib/domus-provider";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Domus", template: "%s · Domus" },
  description: "Your household's chores, shopping list and notes, on every device, even offline.",
  manifest: "/manifest.webmanifest",
  applicationName: "Domus",
  appleWebApp: { capable: true, title: "Domus", statusBarStyle: "default" },
  icons: {
    icon: [
      { url: "/icons/icon.svg", type: "image/svg+xml" },
      { url: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
    ],
    apple: [{ url: "/icons/apple-touch-icon.png", sizes: "180x180" }],
  },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  viewportFit: "cover",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f7f5f0" },
    { media: "(prefers-color-scheme: dark)", color: "#1b1d1f" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <DomusProvider>{children}</DomusProvider>
      </body>
    </html>
  );
}
