"""The Streamlit app: thin pages over pipelines' queries and reports."""
