"""The user's own files: where they go (`paths`), the one safe writer
(`files`), the saved progress (`progress`) and the notebook (`notes`).

Only this package writes a file of the user's, and only through `files`.
The parsed-dataset cache stays with the dataset (`dataset.cache`): its
format is the dataset's records, and it holds nothing of the user's own
but a copy that can always be made again."""
