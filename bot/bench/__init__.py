"""`faqbot bench`: speed, memory and reload cost against corpus size, beside rapidfuzz and BM25 anchors."""
