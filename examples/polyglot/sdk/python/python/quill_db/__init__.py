"""Python SDK for Quill."""
