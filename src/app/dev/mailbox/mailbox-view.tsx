"use client";

import { useEffect, useState } from "react";

interface Message {
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
}

const LINK = /(https?:\/\/[^\s]+)/g;

/** The text part of a message with its links clickable. */
function TextPart({ text }: { text: string }) {
  return (
    <pre style={{ whiteSpace: "pre-wrap", fontFamily: "inherit" }}>
      {text.split(LINK).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

export function MailboxView() {
  const [to, setTo] = useState("");
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const initial = new URLSearchParams(window.location.search).get("to") ?? "";
    setTo(initial);
    void load(initial);
  }, []);

  async function load(address: string) {
    setError(null);
    try {
      const res = await fetch(`/api/dev/mailbox${address ? `?to=${encodeURIComponent(address)}` : ""}`);
      if (!res.ok) throw new Error(`The mailbox answered ${res.status}.`);
      setMessages((await res.json()) as Message[]);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <main style={{ maxWidth: 720, margin: "0 auto", padding: "1.5rem" }}>
      <h1>Local mailbox</h1>
      <p>Emails Domus sent while running on this machine. Nothing here left the computer.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void load(to.trim());
        }}
        style={{ display: "flex", gap: "0.5rem", alignItems: "end", flexWrap: "wrap" }}
      >
        <label style={{ display: "grid" }}>
          Recipient
          <input type="email" value={to} onChange={(e) => setTo(e.target.value)} placeholder="everyone" />
        </label>
        <button type="submit">Show</button>
      </form>
      {error && <p role="alert">{error}</p>}
      {messages === null && !error && <p>Loading…</p>}
      {messages?.length === 0 && <p>No messages{to ? ` for ${to}` : ""} yet.</p>}
      <ol aria-label="Messages, newest first" style={{ listStyle: "none", padding: 0 }}>
        {messages?.map((m) => (
          <li
            key={`${m.sentAt}-${m.subject}-${m.to}`}
            style={{ borderTop: "1px solid currentColor", padding: "1rem 0" }}
          >
            <h2 style={{ fontSize: "1.1rem", margin: 0 }}>{m.subject}</h2>
            <p style={{ margin: "0.25rem 0" }}>
              To {m.to} · <time dateTime={m.sentAt}>{new Date(m.sentAt).toLocaleString()}</time>
            </p>
            <TextPart text={m.text} />
          </li>
        ))}
      </ol>
    </main>
  );
}
