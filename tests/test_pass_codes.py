"""Face-pass codes: base45 text for keyboard-wedge scanners, and a QR code read back by the camera."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.bench import passcode
from kiosk.domain import pass_codes
from kiosk.domain.passes import PassService
from kiosk.errors import PassRefusedError, Refusal


@pytest.mark.parametrize("raw, text", [(b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"base-45", "UJCLQE7W581"),
                                       (b"", ""), (b"\x00", "00"), (b"\xff\xff", "FGW")])
def test_base45_matches_rfc_9285(raw, text):
    assert pass_codes.b45encode(raw) == text and pass_codes.b45decode(text) == raw


@pytest.mark.parametrize("bad", ["GGW", "A", "ab!", "ÄÄÄ", ":::"])
def test_invalid_base45_is_refused(bad):
    with pytest.raises(ValueError):
        pass_codes.b45decode(bad)
    with pytest.raises(PassRefusedError) as err:
        pass_codes.from_text("KP1:" + bad)
    assert err.value.reason is Refusal.UNREADABLE


def test_qr_stays_at_version_11_or_below_with_error_correction_m():
    for member in ("1", "M000123", "X" * 32):
        code = pass_codes.qr(passcode.sample_code(member))
        assert code.version <= 11 and code.error == "M"


def test_code_in_a_640x480_frame_is_decoded_and_opens(kiosk_app):
    passes = PassService(kiosk_app.paths.data_dir, kiosk_app.store, kiosk_app.stored_settings)
    template = np.random.default_rng(3).normal(0, 0.09, 128).astype(np.float32)
    issued = passes.issue("M001", template, 4, "2030-01-01")
    frame = np.full((480, 640, 3), 150, np.uint8)
    img = pass_codes.qr_image(issued.code, scale=4)
    y, x = (480 - img.shape[0]) // 2, (640 - img.shape[1]) // 2
    frame[y:y + img.shape[0], x:x + img.shape[1]] = img[:, :, None]
    text = pass_codes.decode_frame(frame)
    assert text == issued.code
    assert np.abs(passes.open(text, "M001").template - template).max() < 0.003


def test_a_turned_noisy_code_is_decoded():
    code = passcode.sample_code()
    assert pass_codes.decode_frame(passcode.camera_frame(code, height=260, angle=8)) == code


def test_no_code_in_the_frame():
    assert pass_codes.decode_frame(np.full((480, 640, 3), 90, np.uint8)) is None


def test_saved_png_and_pdf(tmp_path):
    code = passcode.sample_code()
    png = pass_codes.save_qr(code, tmp_path / "pass.png")
    assert pass_codes.read_code_file(png) == code
    pdf = pass_codes.save_qr(code, tmp_path / "pass.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    from kiosk.errors import KioskError

    with pytest.raises(KioskError, match="png"):
        pass_codes.save_qr(code, tmp_path / "pass.gif")


def test_bench_reports_size_version_and_decode_time():
    r = passcode.measure(reps=3)
    assert r["pass_payload_bytes_max"] <= 240 and r["pass_qr_version_max"] <= 11
    assert r["pass_decoded"] == "3/3" and r["pass_decode_ms_p50"] > 0
