"""Test tooling for pack authors: transcripts (.chat), replaying them, and the pytest plugin.

transcript      the .chat format and its parser
replay          run a conversation through the public API and check each expectation
pytest_plugin   collects .chat files where a project opts in (chat_glob)
"""
