"""Result analysis: bilingual (zh/en) charts built from tidy result tables."""
