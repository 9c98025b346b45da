"""Packs: reading, checking and building the intents and knowledge folders.

yamlsource      safe YAML with the line and column of every value
schema          record checking with file:line:column problems
intents         intent files and the vocabulary
knowledge       the knowledge model (typed, frozen records)
knowledge_load  knowledge files into that model
references      checks across intents, handlers and knowledge
registry        the handler set a pack is loaded with
templates       answer templates over the knowledge fields
build           a loaded pack with the tables built for answering; load_pack
lint            pattern conflicts, duplicates and unreachable intents
cache           loaded packs kept between runs
"""
