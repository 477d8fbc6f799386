"""RF: references between plan, indicators, projects and weights documents."""
