"""Reading text: from what a person typed to what a question names and which intents it fits.

    normalize   cleaning, case, contractions, amounts, plurals and synonyms
    lexicon     common English words, which spelling correction leaves alone
    language    built-in English and US-geography data (data/)
    entities    schools, states, percentiles and the other things a question names
    names       school-like names the pack does not know ("tuition at Yale")
    matching    the matcher interface and the rapidfuzz router

Nothing here knows any occupation: every name comes from the pack or the language data.
"""
