"""Pipeline orchestration, storage, REST API, web UI, CLI, exports."""
