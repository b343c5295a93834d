// ErrorBoundary: a React error boundary that reports what it catches (with the component
// stack) and renders a fallback, with @sentry/react's props. Written with createElement so
// the package needs no JSX step.
import * as React from 'react';
import { withScope } from '../browser/sdk.js';
import { captureReactException } from './capture.js';

const CLEAN = { hasError: false, error: null, componentStack: null, eventId: null };

/**
 * @typedef {object} ErrorBoundaryProps
 * @property {React.ReactNode | ((args: { error: unknown, componentStack: string | null,
 *   eventId: string | null, resetError: () => void }) => React.ReactNode)} [fallback] what to
 *   render instead of the children once they threw
 * @property {(error: unknown, componentStack: string | null, eventId: string) => void} [onError]
 * @property {(scope: object, error: unknown, componentStack: string | null) => void} [beforeCapture]
 *   runs in the capture's own scope: `scope.setTag('section', 'checkout')`
 * @property {() => void} [onMount]
 * @property {(error: unknown, componentStack: string | null, eventId: string | null) => void} [onUnmount]
 * @property {(error: unknown, componentStack: string | null, eventId: string | null) => void} [onReset]
 * @property {boolean} [handled] the event's mechanism.handled (default: whether a fallback is given)
 */

/** Reports errors thrown while rendering its children and shows `fallback` instead of them. */
export class ErrorBoundary extends React.Component {
  /** @param {ErrorBoundaryProps & { children?: React.ReactNode }} props */
  constructor(props) {
    super(props);
    this.state = CLEAN;
    this.resetErrorBoundary = this.resetErrorBoundary.bind(this);
    // Lets reactErrorHandler tell our boundaries from others without an import cycle.
    this.__vigilErrorBoundary = true;
  }

  // The fallback shows in the same commit; componentDidCatch reports with the component stack.
  static getDerivedStateFromError(error) {
    return { hasError: true, error };
  }

  componentDidCatch(error, errorInfo) {
    const componentStack = typeof errorInfo?.componentStack === 'string' ? errorInfo.componentStack : null;
    const { beforeCapture, onError, handled, fallback } = this.props;
    let eventId = '';
    try {
      eventId = withScope((scope) => {
        if (typeof beforeCapture === 'function') beforeCapture(scope, error, componentStack);
        return captureReactException(error, errorInfo, {
          mechanism: { type: 'auto.function.react.error_boundary', handled: handled ?? fallback !== undefined },
        });
      }) ?? '';
    } catch {
      // A throwing beforeCapture must not break the boundary.
    }
    if (typeof onError === 'function') onError(error, componentStack, eventId);
    this.setState({ componentStack, eventId });
  }

  componentDidMount() {
    if (typeof this.props.onMount === 'function') this.props.onMount();
  }

  componentWillUnmount() {
    const { error, componentStack, eventId } = this.state;
    if (typeof this.props.onUnmount === 'function') this.props.onUnmount(error, componentStack, eventId);
  }

  /** Clears the error and renders the children again. */
  resetErrorBoundary() {
    const { error, componentStack, eventId } = this.state;
    if (typeof this.props.onReset === 'function') this.props.onReset(error, componentStack, eventId);
    this.setState(CLEAN);
  }

  render() {
    const { fallback, children } = this.props;
    const { hasError, error, componentStack, eventId } = this.state;
    if (!hasError) return typeof children === 'function' ? children() : children ?? null;
    const shown = typeof fallback === 'function'
      ? fallback({ error, componentStack, eventId, resetError: this.resetErrorBoundary })
      : fallback;
    return shown ?? null;
  }
}

/**
 * Wraps a component in an ErrorBoundary.
 * @template P
 * @param {React.ComponentType<P>} Component
 * @param {ErrorBoundaryProps} [options] the boundary's props
 * @returns {React.FC<P>}
 */
export function withErrorBoundary(Component, options = {}) {
  const name = Component?.displayName || Component?.name || 'unknown';
  function Wrapped(props) {
    return React.createElement(ErrorBoundary, options, React.createElement(Component, props));
  }
  Wrapped.displayName = `errorBoundary(${name})`;
  return Wrapped;
}
