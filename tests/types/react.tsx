// A React app's root with the ErrorBoundary, as examples/react-vite has it.
import * as React from 'react';
import { ErrorBoundary, init, reactErrorHandler, withErrorBoundary } from 'vigil-sdk/react';

init({ dsn: 'https://key@o0.ingest.sentry.io/1' });

function Cart({ items }: { items: number }) {
  return <p>{items} items</p>;
}

export const SafeCart = withErrorBoundary(Cart, { fallback: <p>Cart unavailable</p> });

export function App() {
  return (
    <ErrorBoundary
      fallback={({ error, resetError }) => <button onClick={resetError}>{String(error)}</button>}
      beforeCapture={(scope) => scope.setTag('section', 'cart')}
      onError={(_error, _stack, eventId: string) => console.log(eventId)}
    >
      <SafeCart items={2} />
    </ErrorBoundary>
  );
}

export const rootOptions = { onUncaughtError: reactErrorHandler(), onCaughtError: reactErrorHandler() };

// @ts-expect-error the wrapped component still wants its props
export const missingProps = <SafeCart />;
