import { type RefObject, useEffect, useRef, useSyncExternalStore } from "react";

// The server's HTML shows a page's fields at once, and a person (or a password manager, or a test)
// may type into them while the page's script is still loading: on a slow network, or offline, when
// the page comes from the service worker's cache. These two hooks keep that input and keep it safe.

/**
 * The ref for a controlled field that keeps what was typed into it before the script took it over.
 * React leaves that text in the field when it hydrates, but its state still holds the initial value:
 * the Add button stayed disabled, and the next render wiped the text. Once, after the first render,
 * this hands the field's text to `set` if it is not empty and differs from `value`. A field the client
 * rendered itself always matches.
 */
export function useTypedBeforeHydration(
  value: string,
  set: (typed: string) => void,
): RefObject<HTMLInputElement | null> {
  const field = useRef<HTMLInputElement>(null);
  const checked = useRef(false);
  useEffect(() => {
    if (checked.current) return;
    checked.current = true;
    const typed = field.current?.value;
    if (typed && typed !== value) set(typed);
  }, [value, set]);
  return field;
}

const never = () => () => {};

/**
 * False in the server's HTML and until the page hydrates, true after. A form whose submit button is
 * disabled while this is false cannot be sent by the browser itself (by a click or by Enter) before
 * the script can send it: that would reload the page and lose what was typed, and for a form with no
 * method, put its fields (a password) in the address.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
