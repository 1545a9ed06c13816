"""The passes of the structure analysis, one module each, in the order structure.analyze runs
them: lines → marks → sections → aspects → items (matchers.py compiles a framework's names for
the sections and aspects passes; the front and back matter are material_parts.py's). Each module's
docstring says what it may use: only the passes before it.
"""
