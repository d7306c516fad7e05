"""Result sounds: success and failure tones from assets/sounds (made by the project, with
a licence note), played at the configured volume, and never when the volume is 0 (off)."""

from __future__ import annotations

import wave

import pytest

from kiosk.domain.session import State
from kiosk.ui.sound import Sound, sound_file
from tests.test_ui_flows import TIMEOUT, camera, choose_pin, claim, gate_calls, state_is, type_pin, window  # noqa: F401


def test_sound_files_are_short_tones_with_a_licence():
    for sound in Sound:
        path = sound_file(sound)
        assert path is not None, sound
        with wave.open(str(path)) as w:
            assert w.getnchannels() == 1 and 0.2 < w.getnframes() / w.getframerate() < 1.0
        assert (path.parent / "LICENSE.txt").is_file()


def test_success_and_failure_sounds_follow_the_volume_setting(qtbot, window, kiosk_app):
    sounds = window.sounds
    claim(qtbot, window, "M002")
    choose_pin(qtbot, window)
    type_pin(qtbot, window, "9999")
    qtbot.waitUntil(lambda: sounds.played == [Sound.FAILURE], timeout=TIMEOUT)
    effect = sounds.effect(Sound.FAILURE)
    assert effect.source().toLocalFile().endswith("failure.wav") and abs(effect.volume() - 0.6) < 0.01
    type_pin(qtbot, window, "1234")
    qtbot.waitUntil(state_is(window, State.PASSED), timeout=TIMEOUT)
    assert sounds.played == [Sound.FAILURE, Sound.SUCCESS]
    kiosk_app.save_settings(kiosk_app.settings.replace(sound_volume=0), "test")  # off
    window.machine.force(State.PASSED, member_no="M002", display_name="Bob Birthless")
    assert sounds.played == [Sound.FAILURE, Sound.SUCCESS]


def test_the_sound_files_load_and_play_on_an_audio_device(qtbot, window, kiosk_app):
    """QSoundEffect reaches Ready for each file and plays it; volume 0 (off) plays nothing.
    Needs an audio output (PulseAudio): a machine without one cannot play any sound at all."""
    from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

    if not QMediaDevices.audioOutputs():
        pytest.skip("no audio output device on this machine (PulseAudio not running): QSoundEffect cannot load here")
    sounds = window.sounds
    for sound in Sound:
        effect = sounds.effect(sound)
        qtbot.waitUntil(lambda: effect.status() in (QSoundEffect.Status.Ready, QSoundEffect.Status.Error), timeout=TIMEOUT)
        assert effect.status() is QSoundEffect.Status.Ready, (sound, effect.source())
        with qtbot.waitSignal(effect.playingChanged, timeout=TIMEOUT):
            sounds.play(sound)
        assert effect.isPlaying() or effect.loopsRemaining() >= 0
        qtbot.waitUntil(lambda: not effect.isPlaying(), timeout=TIMEOUT)
    kiosk_app.save_settings(kiosk_app.settings.replace(sound_volume=0), "test")
    before = list(sounds.played)
    sounds.play(Sound.SUCCESS)
    assert sounds.played == before and not sounds.effect(Sound.SUCCESS).isPlaying()


def test_a_machine_whose_qtmultimedia_cannot_load_stays_silent_and_says_so_once(qtbot, monkeypatch, caplog):
    """QtMultimedia needs the machine's audio libraries (libpulse on Linux); where they are
    missing its import fails. The kiosk goes on without sound, with one line in the log."""
    import builtins

    from kiosk.ui.sound import Sounds

    real_import = builtins.__import__

    def no_multimedia(name, *args, **kwargs):
        if name == "PySide6.QtMultimedia":
            raise ImportError("libpulse.so.0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_multimedia)
    sounds = Sounds(lambda: 60)
    with caplog.at_level("WARNING", logger="kiosk.ui.sound"):
        sounds.play(Sound.SUCCESS)
        sounds.play(Sound.FAILURE)
    assert sounds.unavailable and "libpulse" in sounds.unavailable and sounds.played == []
    assert len([r for r in caplog.records if "no sound" in r.getMessage()]) == 1
