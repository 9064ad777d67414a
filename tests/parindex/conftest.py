import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Evidence and council files are stored: keep them out of the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
