"""Bottom layer: indicator frameworks, the domain lexicon, sample data and the Chinese text module."""
