"""Application services: the study session, the context commands run in, the review loader; no Textual."""
