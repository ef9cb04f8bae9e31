"use client";

import type { Suggestion } from "@/core/shopping-history";
import { useState, type KeyboardEvent, type RefObject } from "react";
import own from "./shopping-extra.module.css";
import { formatQuantity } from "./shopping-item";

interface Props {
  id: string;
  value: string;
  maxLength: number;
  suggestions: readonly Suggestion[];
  inputRef: RefObject<HTMLInputElement | null>;
  onChange: (value: string) => void;
  /** A suggestion chosen (click, tap, or Enter on the highlighted one): add it as it was bought. */
  onPick: (s: Suggestion) => void;
  /**
   * Enter with no suggestion highlighted: add what was typed. Handled on the key press itself rather
   * than through the form's implicit submission, which in Chromium costs 3–6 ms on a page of 1,000
   * rows (a synthetic click, DOMActivate, the form's submission steps) before the add starts.
   */
  onEnter: () => void;
}

/**
 * The item name field with suggestions from the household's history, as an ARIA 1.2 combobox:
 * typing opens the listbox, arrows move the highlight (aria-activedescendant keeps focus in the
 * field), Enter picks the highlighted one or, with none, adds what was typed; Escape closes.
 */
export function ItemCombobox({ id, value, maxLength, suggestions, inputRef, onChange, onPick, onEnter }: Props) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = `${id}-suggestions`;
  const shown = open && suggestions.length > 0;
  const activeIndex = active < suggestions.length ? active : -1;

  function pick(s: Suggestion) {
    setOpen(false);
    setActive(-1);
    onPick(s);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (suggestions.length === 0) return;
      e.preventDefault();
      setOpen(true);
      const n = suggestions.length;
      setActive((a) => (e.key === "ArrowDown" ? (a + 1) % n : a <= 0 ? n - 1 : a - 1));
    } else if (e.key === "Enter" && shown && activeIndex >= 0) {
      e.preventDefault();
      pick(suggestions[activeIndex] as Suggestion);
    } else if (e.key === "Enter" && !e.nativeEvent.isComposing) {
      e.preventDefault();
      setOpen(false);
      onEnter();
    } else if (e.key === "Escape" && shown) {
      e.preventDefault(); // closes the listbox, not a surrounding dialog
      setOpen(false);
      setActive(-1);
    }
  }

  return (
    <div className={own.combo}>
      <label htmlFor={id} className="visually-hidden">
        Item
      </label>
      <input
        ref={inputRef}
        id={id}
        className="input"
        placeholder="Add an item"
        maxLength={maxLength}
        autoComplete="off"
        enterKeyHint="enter"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && activeIndex >= 0 ? `${listId}-${activeIndex}` : undefined}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label="Bought before" className={own.listbox} hidden={!shown}>
        {suggestions.map((s, i) => {
          const qty = formatQuantity(s);
          return (
            <li
              key={s.name}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              className={own.option}
              // Keep focus in the field: the click picks without a blur closing the list first.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(s)}
            >
              <span>{s.name}</span>
              <span className={own.optionMeta}>
                {[qty, s.category, s.times > 1 ? `${s.times}×` : null].filter(Boolean).join(" · ")}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
