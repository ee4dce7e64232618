"""The platform-neutral core: corpus, normalisation, index, decision, rendering, service."""
