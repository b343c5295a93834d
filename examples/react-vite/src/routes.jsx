import { useState } from 'react';
import { Link, Outlet, useParams } from 'react-router';
import { ErrorBoundary, withErrorBoundary } from 'vigil-sdk/react';

function Layout() {
  return (
    <>
      <h1>Vigil React example</h1>
      <nav>
        <Link id="nav-home" to="/">Home</Link>
        <Link id="nav-user" to="/users/42">User 42</Link>
        <Link id="nav-cart" to="/cart">Cart</Link>
        <Link id="nav-bad-user" to="/users/nobody">A user who does not exist</Link>
      </nav>
      <Outlet />
    </>
  );
}

function Home() {
  return <p id="page-home">Pick a page. The cart has a button that breaks its render.</p>;
}

function User() {
  const { id } = useParams();
  // Not under a Vigil ErrorBoundary: React Router's route error boundary catches this, and
  // the root's onCaughtError (reactErrorHandler) reports it.
  if (!/^\d+$/.test(id)) throw new RangeError(`no user "${id}"`);
  return <p id="page-user">User {id}</p>;
}

// Throws while rendering once `broken` is set: an ErrorBoundary's job.
function CartTotal({ items, broken }) {
  if (broken) return <span>{items.reduce((sum, item) => sum + item.price.amount, 0)}</span>;
  return <span id="cart-total">3 items</span>;
}

function Fallback({ error, eventId, resetError }) {
  return (
    <div id="fallback" role="alert">
      <p>The cart could not be shown ({String(error?.message ?? error)}).</p>
      <p>Reported as <code id="event-id">{eventId}</code>.</p>
      <button id="reset" onClick={resetError}>Try again</button>
    </div>
  );
}

function Cart() {
  const [broken, setBroken] = useState(false);
  return (
    <section id="page-cart">
      <button id="break-cart" onClick={() => setBroken(true)}>Break the cart</button>
      <ErrorBoundary
        fallback={(args) => <Fallback {...args} />}
        beforeCapture={(scope) => scope.setTag('section', 'cart')}
        onReset={() => setBroken(false)}
      >
        <CartTotal items={[{ price: { amount: 5 } }, { price: null }]} broken={broken} />
      </ErrorBoundary>
    </section>
  );
}

// The same, wrapped by withErrorBoundary with a static fallback.
const SafeBanner = withErrorBoundary(function Banner() {
  return <p id="banner">Free shipping over 50.</p>;
}, { fallback: <p>banner unavailable</p> });

export const routes = [
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <><Home /><SafeBanner /></> },
      { path: 'users/:id', element: <User /> },
      { path: 'cart', element: <Cart /> },
    ],
  },
];
