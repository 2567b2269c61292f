"""The letter templates as data; in an installed svarbrev this folder is the package generator.templates."""
