"""The front ends: the ``apkg`` command line (``apkg.app.cli``) and, later, the Streamlit app."""
