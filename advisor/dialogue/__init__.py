"""The conversation: one turn from text and state to a Reply and the next state.

pipeline    understand a message, then answer it or ask back
decide      which intent a routed question asks, given the dialogue state
clarify     questions the bot asks back, and reading their answers
state       the dialogue state, kept between turns as plain data
"""
