"""The Celery side: the app, its tasks, and the job pipeline."""
