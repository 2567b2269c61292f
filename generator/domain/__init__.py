"""The words every layer of svarbrev shares: periods, areas, dimensions, results, rounding, months and
where a figure stands in a letter. Pure values and the package's own data files; nothing here imports
the rest of svarbrev, so every layer may import it."""
