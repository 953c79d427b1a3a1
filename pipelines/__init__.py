"""Loading, validating and storing CCHC scores; the CLI `cchc`. Never imports streamlit."""
