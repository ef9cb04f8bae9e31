"use client";

import { useEffect, useState } from "react";
import type { PublicUser } from "@/core/protocol";
import { api } from "./api";
import { useDomus } from "./domus-provider";

const cacheKey = (householdId: string) => `domus.members.${householdId}`;

function cached(householdId: string): PublicUser[] {
  try {
    const raw = window.localStorage.getItem(cacheKey(householdId));
    return raw ? (JSON.parse(raw) as PublicUser[]) : [];
  } catch {
    return [];
  }
}

/**
 * The household's members (for assignees and "who changed this"). Fetched when online and kept in
 * localStorage so names still show offline. Local-only: just "me", with no id worth syncing.
 */
export function useMembers(): PublicUser[] {
  const { session } = useDomus();
  const householdId = session?.household.id ?? null;
  const [members, setMembers] = useState<PublicUser[]>([]);
  useEffect(() => {
    if (!householdId || !session) {
      setMembers([]);
      return;
    }
    const fromCache = cached(householdId);
    setMembers(fromCache.length > 0 ? fromCache : [session.user]);
    let live = true;
    api.household().then(
      (res) => {
        if (!live) return;
        window.localStorage.setItem(cacheKey(householdId), JSON.stringify(res.members));
        setMembers(res.members);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [householdId, session]);
  return members;
}

export function memberName(members: readonly PublicUser[], id: string | null, meId?: string): string | null {
  if (!id) return null;
  if (id === meId) return "You";
  return members.find((m) => m.id === id)?.name ?? "Someone";
}
