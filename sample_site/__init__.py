"""The sample site: a Django project that serves the demos and the browser tests."""
