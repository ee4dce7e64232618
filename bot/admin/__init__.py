"""Admin tools: import articles into draft entries, record question outcomes and feedback, report and suggest."""
