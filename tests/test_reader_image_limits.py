"""Images that are broken or too large fail with a reason, not a crash."""

from tests.conftest import read


def test_a_truncated_png_is_corrupt(tmp_path):
    from PIL import Image

    good = tmp_path / "good.png"
    Image.new("RGB", (400, 300), (255, 255, 255)).save(good)
    broken = tmp_path / "截图.png"
    broken.write_bytes(good.read_bytes()[:60])
    result = read(broken)
    assert result.status == "error" and result.error.code == "corrupt"


def test_a_decompression_bomb_image_is_too_large(tmp_path):
    from PIL import Image

    path = tmp_path / "巨幅图片.png"
    Image.new("1", (10000, 10000), 1).save(path)
    assert path.stat().st_size < 2_000_000
    result = read(path)
    assert result.status == "error" and result.error.code == "too_large"
    assert "像素" in result.error.message
