// Types for vigil-sdk/react: everything the browser entry exports, plus @sentry/react's React
// API (ErrorBoundary, withErrorBoundary, reactErrorHandler, React Router tracing).
import * as React from 'react';
import type { BrowserTracingOptions, Integration, Mechanism, Scope } from './index';

export * from './index';

export interface FallbackRenderArgs {
  error: unknown;
  componentStack: string | null;
  eventId: string | null;
  /** Clears the error and renders the children again. */
  resetError(): void;
}

export interface ErrorBoundaryProps {
  children?: React.ReactNode | (() => React.ReactNode);
  /** Rendered instead of the children once they threw. */
  fallback?: React.ReactNode | ((args: FallbackRenderArgs) => React.ReactNode);
  /** Runs after the error was captured. */
  onError?(error: unknown, componentStack: string | null, eventId: string): void;
  /** Runs in the capture's own scope, e.g. `scope.setTag('section', 'checkout')`. */
  beforeCapture?(scope: Scope, error: unknown, componentStack: string | null): void;
  onMount?(): void;
  onUnmount?(error: unknown, componentStack: string | null, eventId: string | null): void;
  onReset?(error: unknown, componentStack: string | null, eventId: string | null): void;
  /** The event's mechanism.handled. Default: whether a fallback is given. */
  handled?: boolean;
}

/** Reports errors thrown while rendering its children (with the component stack) and shows `fallback`. */
export class ErrorBoundary extends React.Component<ErrorBoundaryProps> {
  resetErrorBoundary(): void;
}

/** Wraps a component in an ErrorBoundary with the given props. */
export function withErrorBoundary<P extends object>(
  component: React.ComponentType<P>,
  errorBoundaryOptions?: ErrorBoundaryProps,
): React.FC<P>;

/** Captures an error React reported, with its component stack in the `react` context. */
export function captureReactException(
  error: unknown,
  errorInfo?: { componentStack?: string | null },
  hint?: { mechanism?: Mechanism },
): string;

/**
 * For React 19's root options: `createRoot(el, { onUncaughtError: reactErrorHandler(),
 * onCaughtError: reactErrorHandler(), onRecoverableError: reactErrorHandler() })`.
 */
export function reactErrorHandler(
  callback?: (error: unknown, errorInfo: React.ErrorInfo, eventId: string | undefined) => void,
): (error: unknown, errorInfo: React.ErrorInfo) => void;

export interface ReactRouterOptions {
  useEffect?: unknown;
  useLocation?: unknown;
  useNavigationType?: unknown;
  createRoutesFromChildren?: unknown;
  matchRoutes?: unknown;
}

/** browserTracingIntegration whose transactions are named by React Router's route patterns. */
export function reactRouterV7BrowserTracingIntegration(options?: BrowserTracingOptions & ReactRouterOptions): Integration;
export const reactRouterV6BrowserTracingIntegration: typeof reactRouterV7BrowserTracingIntegration;

/** Wraps createBrowserRouter (or createHashRouter, createMemoryRouter); call after init(). */
export function wrapCreateBrowserRouterV7<F extends (...args: any[]) => any>(createRouterFunction: F): F;
export const wrapCreateBrowserRouterV6: typeof wrapCreateBrowserRouterV7;

/** Instruments a data router made without the wrapper. */
export function instrumentDataRouter<R>(router: R): R;

/** Wraps <Routes> so route changes under it become transactions named by route. */
export function withVigilReactRouterV7Routing<C>(routes: C): C;
export const withVigilReactRouterV6Routing: typeof withVigilReactRouterV7Routing;
