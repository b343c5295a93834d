// A compression worker that fails as it starts: its error must not become the page's error.
throw new Error('compression worker failed to start');
