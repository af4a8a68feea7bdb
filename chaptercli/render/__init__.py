"""Everything a person or a program sees: the only package that writes to
standard output and standard error, through an injected `Environment`.

`emit` shows results and messages; `views`, `found` and `picture` lay results
out for a person; `paint` paints them on a terminal (Rich) or a pipe (plain
text); `sanitize` makes untrusted text safe to show.
"""
