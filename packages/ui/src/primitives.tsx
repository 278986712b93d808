// Small building blocks: cards, stat tiles, buttons, form fields, error and empty states.
import { useId } from "react";
import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode } from "react";

export interface CardProps {
  title?: string;
  /** Text or controls shown on the title line, at the end. */
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A titled section of a page. With a title it is a labelled region for screen readers. */
export function Card({ title, aside, className, children }: CardProps) {
  const id = useId();
  return (
    <section className={className ? `dj-card ${className}` : "dj-card"} aria-labelledby={title ? id : undefined}>
      {title ? (
        <div className="dj-card__head">
          <h2 id={id}>{title}</h2>
          {aside ? <div className="dj-card__aside">{aside}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export interface StatTileProps {
  label: string;
  value: ReactNode;
  hint?: string;
}

export function StatTile({ label, value, hint }: StatTileProps) {
  return (
    <div className="dj-stat">
      <dt>{label}</dt>
      <dd>
        <span className="dj-stat__value">{value}</span>
        {hint ? <span className="dj-stat__hint">{hint}</span> : null}
      </dd>
    </div>
  );
}

/** A row of StatTiles (a description list: label, then figure). */
export function StatGrid({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <dl className="dj-stats" aria-label={label}>
      {children}
    </dl>
  );
}

export type ButtonVariant = "primary" | "secondary" | "quiet";

/** Class names for anything that should look like a button (e.g. a router Link). */
export function buttonClass(variant: ButtonVariant = "primary", extra?: string): string {
  const base = `dj-btn dj-btn--${variant}`;
  return extra ? `${base} ${extra}` : base;
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  block?: boolean;
}

export function Button({ variant = "primary", block, className, type = "button", ...rest }: ButtonProps) {
  const classes = [buttonClass(variant), block ? "dj-btn--block" : "", className ?? ""].filter(Boolean).join(" ");
  return <button type={type} className={classes} {...rest} />;
}

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> {
  label: string;
  name: string;
  hint?: string;
  error?: string | null;
}

/** A labelled input with an optional hint and error, wired with aria-describedby. */
export function Field({ label, name, hint, error, className, ...input }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : "", error ? errorId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className ? `dj-field ${className}` : "dj-field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="dj-field__hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        className="dj-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {error ? (
        <p id={errorId} className="dj-field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface ErrorPanelProps {
  title: string;
  message: string;
  /** e.g. "错误代码 403", shown small. */
  detail?: string;
  /** 1 when the error is the whole page (error boundaries), else 2. */
  level?: 1 | 2;
  children?: ReactNode;
}

/** An error the person should notice; announced by screen readers. */
export function ErrorPanel({ title, message, detail, level = 2, children }: ErrorPanelProps) {
  const Heading = level === 1 ? "h1" : "h2";
  return (
    <div className="dj-error" role="alert">
      <Heading className="dj-error__title">{title}</Heading>
      <p>{message}</p>
      {detail ? <p className="dj-error__detail">{detail}</p> : null}
      {children ? <div className="dj-error__actions">{children}</div> : null}
    </div>
  );
}

export interface EmptyStateProps {
  title?: string;
  message: string;
  children?: ReactNode;
}

export function EmptyState({ title, message, children }: EmptyStateProps) {
  return (
    <div className="dj-empty">
      {title ? <p className="dj-empty__title">{title}</p> : null}
      <p>{message}</p>
      {children ? <div className="dj-empty__actions">{children}</div> : null}
    </div>
  );
}

export type BadgeTone = "ok" | "warn" | "muted" | "party";

export function Badge({ tone = "muted", children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`dj-badge dj-badge--${tone}`}>{children}</span>;
}
