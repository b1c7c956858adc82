"""Data loaders, plotting, reference layers and generators that the notebooks import."""
