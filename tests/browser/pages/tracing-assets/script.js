// A classic script the tracing page loads, so the pageload has a resource.script span.
window.tracingScriptLoaded = true;
