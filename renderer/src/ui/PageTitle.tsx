import { useEffect, useRef, type ReactNode } from 'react';

/** A page's heading; it takes focus when the page opens so keyboard and screen-reader users land there. */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus({ preventScroll: true }), []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
