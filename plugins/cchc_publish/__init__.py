"""Publishing the built site to the ward portal: `invoke publish`, `rollback`, `releases` (not a Pelican plugin)."""
